import type { AgentLiveness } from '../../agents/agent-schema.ts';
import type { LeaseView } from '../../api/views.ts';
import type { Diagnostic } from '../../files/diagnostic.ts';
import { leaseState } from '../../leases/index.ts';
import { inspectLock } from '../../leases/read-lease.ts';
import { DEFAULT_GRACE_MS, DEFAULT_SKEW_MARGIN_MS } from '../../leases/lease-state.ts';
import type { LeaseRecord, LeaseState } from '../../leases/lease-schema.ts';

/** What the model keeps of one lock directory between reads (time-free: state is derived). */
export interface LeaseRaw {
  key: string;
  resource_path: string;
  /** Absolute lock directory. */
  lock_path: string;
  record?: LeaseRecord;
  /** The lock directory exists but its owner record is unusable (malformed). */
  malformed: boolean;
  dir_mtime_ms?: number;
  diagnostic?: Diagnostic;
}

/**
 * Read one lease through the leases module's reader. `undefined` when the lock directory is
 * gone. Never throws.
 *
 * @example
 * loadLease('locks/a.ts.lock.d', 'a.ts', '/coord/locks/a.ts.lock.d', Date.now());
 */
export function loadLease(
  key: string,
  resource: string,
  lockPath: string,
  now: number,
): LeaseRaw | undefined {
  let read: ReturnType<typeof inspectLock>;
  try {
    // The path came from classifying a path found under the root, so the leases module's
    // reader runs without re-validating it (validation realpaths every component: it was 2/3
    // of the cost of loading 10,000 leases). Actions re-validate when they act.
    read = inspectLock(resource, lockPath, now);
  } catch {
    return undefined;
  }
  if (read.state === 'absent') return undefined;
  return {
    key,
    resource_path: read.resource_path,
    lock_path: read.lock_path,
    ...(read.record ? { record: read.record } : {}),
    malformed: read.state === 'malformed',
    ...(read.dir_mtime_ms !== undefined ? { dir_mtime_ms: read.dir_mtime_ms } : {}),
    ...(read.diagnostic ? { diagnostic: read.diagnostic } : {}),
  };
}

/** The agent a lease names as holder: `owner.agent`, else `owner.id`. */
export function leaseHolder(raw: LeaseRaw): string | undefined {
  return raw.record ? (raw.record.owner.agent ?? raw.record.owner.id) : undefined;
}

/** The run a lease belongs to: its owner's `run_id`, or the run whose lease directory it is. */
export function leaseRunId(raw: LeaseRaw): string | undefined {
  if (raw.record?.owner.run_id) return raw.record.owner.run_id;
  const match = /^runs\/([^/]+)\/lease\.lock\.d$/.exec(raw.key);
  return match?.[1];
}

/** The lease's state at `now` (pure). */
export function leaseStateAt(raw: LeaseRaw, now: number): LeaseState {
  if (raw.malformed) return 'malformed';
  return leaseState(
    raw.record,
    now,
    raw.dir_mtime_ms !== undefined ? { dir_mtime_ms: raw.dir_mtime_ms } : {},
  );
}

/**
 * The contract's view of a lease at `now`, with its holder's liveness, and the next instant the
 * state changes by time alone (stale at `expires_at_ms`, unrecorded after the grace period,
 * trusted again when a future `updated_at_ms` comes within the skew margin).
 *
 * @example
 * const { view, deadline_ms } = leaseView(raw, Date.now(), (id) => agents.get(id)?.liveness);
 */
export function leaseView(
  raw: LeaseRaw,
  now: number,
  livenessOf: (agentId: string) => AgentLiveness | undefined,
): { view: LeaseView; deadline_ms?: number } {
  const state = leaseStateAt(raw, now);
  const holder = leaseHolder(raw);
  const liveness = holder !== undefined ? livenessOf(holder) : undefined;
  const runId = leaseRunId(raw);
  const view: LeaseView = {
    key: raw.key,
    resource_path: raw.resource_path,
    // The key is the lock directory relative to the root (classify-path.ts).
    lock_path: raw.key,
    state,
    ...(raw.record ? { record: raw.record } : {}),
    ...(holder !== undefined ? { holder } : {}),
    ...(liveness !== undefined ? { holder_liveness: liveness } : {}),
    ...(runId !== undefined ? { run_id: runId } : {}),
    ...(raw.diagnostic
      ? { problem: raw.diagnostic.message }
      : state === 'unrecorded'
        ? { problem: 'lock directory has no owner.json' }
        : {}),
    ...(raw.dir_mtime_ms !== undefined ? { dir_mtime_ms: raw.dir_mtime_ms } : {}),
  };
  let deadline: number | undefined;
  if (state === 'active' && raw.record) deadline = raw.record.expires_at_ms;
  else if (state === 'suspect-skew' && raw.record) {
    deadline = raw.record.updated_at_ms - DEFAULT_SKEW_MARGIN_MS;
  } else if (state === 'acquiring' && raw.dir_mtime_ms !== undefined) {
    deadline = raw.dir_mtime_ms + DEFAULT_GRACE_MS;
  }
  return deadline !== undefined ? { view, deadline_ms: deadline } : { view };
}
