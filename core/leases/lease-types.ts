import type { Diagnostic } from '../files/diagnostic.ts';
import type { LeaseOwner, LeaseRecord, LeaseState } from './lease-schema.ts';

/** Options of {@link acquireLease} (and {@link withLease}). */
export interface AcquireOptions {
  /** How long the lease lasts without a renewal; default 10 minutes. 0 is stale at once. */
  ttl_ms?: number;
  /** The owner id, or an owner object (`id` defaults to agent, worker_id, run_id, then pid@host). */
  owner?: string | Partial<LeaseOwner>;
  /** Why the lease is held, shown to operators. */
  reason?: string;
  /** Free-form references (task ids, URLs) kept in the record. */
  refs?: unknown[];
  /** Take over an expired lease (default true); false reports it as a conflict. */
  take_stale?: boolean;
  /** Throw a `conflict` BatonError instead of returning a {@link LeaseConflict} (default false). */
  throw_on_conflict?: boolean;
  /** TTL of the stale-takeover guard `<lock>.reap.d`; default 60 s. */
  reaper_ttl_ms?: number;
  /** An absolute lock directory (ending `.lock.d`, inside the coordination dir) instead of
   *  `locks/<resource>.lock.d`; durable runs use `runs/<run_id>/lease.lock.d`. */
  lock_path?: string;
}

/** A lease this caller now holds. Keep `token`: renew and release need it. */
export interface AcquiredLease {
  acquired: true;
  status: 'acquired';
  resource_path: string;
  lock_path: string;
  record_path: string;
  token: string;
  record: LeaseRecord;
  /** The expired record this acquisition replaced, when it was a stale takeover. */
  stale_removed?: LeaseRecord;
}

/** Why a lease could not be had: the holder's state and record, and a human message. */
export interface LeaseConflict {
  acquired: false;
  status: 'conflict';
  reason: LeaseState;
  resource_path: string;
  lock_path: string;
  record_path: string;
  holder?: LeaseRecord;
  message: string;
}

export type AcquireResult = AcquiredLease | LeaseConflict;

/** The stale-takeover guard `<lock>.reap.d` of a lease, when one exists. */
export interface GuardView {
  lock_path: string;
  state: LeaseState;
  record?: LeaseRecord;
  diagnostic?: Diagnostic;
}

/** What a reader sees at one lock directory. */
export interface LeaseView {
  resource_path: string;
  lock_path: string;
  record_path: string;
  state: LeaseState;
  record?: LeaseRecord;
  /** Why the lease is `malformed`. */
  diagnostic?: Diagnostic;
  /** The lock directory's mtime, for `acquiring` and `unrecorded` leases. */
  dir_mtime_ms?: number;
  /** Present while a stale takeover (or a guarded release) is in progress or was abandoned. */
  guard?: GuardView;
}

/** Options of {@link releaseLease}: strict by token, or forced by path. */
export type ReleaseOptions =
  { token: string; lock_path?: string } | { strict: false; lock_path?: string };

export interface ReleaseResult {
  released: boolean;
  status: 'released' | 'absent';
  lock_path: string;
}

/** Tunables of the reader's classification (docs/format.md "Leases"). */
export interface ClassifyOptions {
  /** A lock dir without owner.json younger than this is `acquiring`, older `unrecorded`; 5 s. */
  grace_ms?: number;
  /** `updated_at_ms` further than this in the future is `suspect-skew`; 30 s. */
  skew_margin_ms?: number;
}
