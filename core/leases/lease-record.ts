import { BatonError } from '../errors.ts';
import type { LeasePaths } from './lease-paths.ts';
import { LEASE_SCHEMA, type LeaseOwner, type LeaseRecord } from './lease-schema.ts';
import { HOST, newToken } from './lock-instance.ts';
import type { AcquireOptions } from './lease-types.ts';

/** Default lease TTL (the seed's): 10 minutes. */
export const DEFAULT_TTL_MS = 10 * 60 * 1000;

/** Default TTL of the stale-takeover guard `<lock>.reap.d` (the seed's): 60 s. */
export const DEFAULT_REAPER_TTL_MS = 60 * 1000;

const OWNER_TEXT_FIELDS = ['id', 'agent', 'session_id', 'worker_id', 'run_id', 'host'] as const;

/** Validated acquisition settings, ready to build records from. */
export interface AcquirePlan {
  ttl_ms: number;
  reaper_ttl_ms: number;
  owner: LeaseOwner;
  reason?: string;
  refs: unknown[];
  take_stale: boolean;
  throw_on_conflict: boolean;
}

/**
 * Check every acquisition option and normalise the owner; throws `invalid_argument` naming the
 * option, before anything is written.
 *
 * @example
 * planAcquire({ ttl_ms: 5000, owner: 'builder-1' }).owner; // { id: 'builder-1', pid: …, host: … }
 */
export function planAcquire(options: AcquireOptions): AcquirePlan {
  const plan: AcquirePlan = {
    ttl_ms: checkInt('ttl_ms', options.ttl_ms, DEFAULT_TTL_MS, 0),
    reaper_ttl_ms: checkInt('reaper_ttl_ms', options.reaper_ttl_ms, DEFAULT_REAPER_TTL_MS, 1),
    owner: normaliseOwner(options.owner),
    refs: [],
    take_stale: options.take_stale ?? true,
    throw_on_conflict: options.throw_on_conflict ?? false,
  };
  if (options.reason !== undefined) {
    if (typeof options.reason !== 'string') throw invalid('reason must be a string');
    plan.reason = options.reason;
  }
  if (options.refs !== undefined) {
    if (!Array.isArray(options.refs)) throw invalid('refs must be an array');
    plan.refs = [...options.refs];
  }
  return plan;
}

/** A fresh record for a new instance at `lockPath`, timestamped now. */
export function buildRecord(
  paths: LeasePaths,
  lockPath: string,
  recordPath: string,
  plan: Pick<AcquirePlan, 'ttl_ms' | 'owner' | 'reason' | 'refs'>,
): LeaseRecord {
  const now = Date.now();
  return {
    schema: LEASE_SCHEMA,
    resource_path: paths.resource_path,
    lock_path: lockPath,
    record_path: recordPath,
    token: newToken(),
    owner: plan.owner,
    ...(plan.reason === undefined ? {} : { reason: plan.reason }),
    refs: plan.refs,
    acquired_at_ms: now,
    updated_at_ms: now,
    ttl_ms: plan.ttl_ms,
    expires_at_ms: now + plan.ttl_ms,
    renewals: 0,
  };
}

/** Validate an integer option (`min` or more), or return `fallback` when it is undefined. */
export function checkInt(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(`${name} must be an integer >= ${min} (got ${JSON.stringify(value)})`);
  }
  return value;
}

function normaliseOwner(owner: AcquireOptions['owner']): LeaseOwner {
  const fallbackId = `${HOST}:${process.pid}`;
  if (owner === undefined) return { id: fallbackId, pid: process.pid, host: HOST };
  if (typeof owner === 'string') {
    if (owner.trim() === '') throw invalid('owner must not be empty');
    return { id: owner, pid: process.pid, host: HOST };
  }
  if (typeof owner !== 'object' || owner === null || Array.isArray(owner)) {
    throw invalid('owner must be a string id or an object');
  }
  for (const field of OWNER_TEXT_FIELDS) {
    const value = owner[field];
    if (value !== undefined && typeof value !== 'string') {
      throw invalid(`owner.${field} must be a string`);
    }
  }
  if (owner.pid !== undefined && !Number.isSafeInteger(owner.pid)) {
    throw invalid('owner.pid must be an integer');
  }
  const id = [owner.id, owner.agent, owner.worker_id, owner.run_id].find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  return {
    ...owner,
    id: id ?? fallbackId,
    pid: owner.pid ?? process.pid,
    host: owner.host ?? HOST,
  };
}

function invalid(message: string): BatonError {
  return new BatonError('invalid_argument', message);
}
