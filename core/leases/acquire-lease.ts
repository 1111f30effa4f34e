import path from 'node:path';
import { BatonError } from '../errors.ts';
import { conflictMessage } from './conflict-message.ts';
import { resolveLeasePaths, RECORD_FILE, type LeasePaths } from './lease-paths.ts';
import { buildRecord, planAcquire, type AcquirePlan } from './lease-record.ts';
import type { LeaseRecord } from './lease-schema.ts';
import type { AcquireOptions, AcquireResult, LeaseConflict, LeaseView } from './lease-types.ts';
import {
  claimInstance,
  createInstance,
  removeTombstone,
  tombstone,
  unclaim,
} from './lock-instance.ts';
import { acquireGuard, releaseGuard } from './reap-guard.ts';
import { inspectLock } from './read-lease.ts';

/** A lock that vanishes between our mkdir and our look is retried this many times. */
const MAX_ATTEMPTS = 5;

/**
 * Acquire the lease on `resource`: create `locks/<resource>.lock.d` (or `lock_path`) with a
 * non-recursive mkdir, write its owner.json, and return the token. A lease held by someone else
 * comes back as a {@link LeaseConflict} naming the holder's state, record and expiry (or is
 * thrown as a `conflict` BatonError with `throw_on_conflict`: the seed throws by default, Baton
 * returns, because "held" is an expected outcome that callers branch on). An expired lease is
 * taken over under its `.reap.d` guard unless `take_stale` is false.
 *
 * @example
 * const lease = acquireLease('/coord', 'src/main.ts', { ttl_ms: 60_000, owner: 'builder-1' });
 * if (lease.acquired) releaseLease('/coord', 'src/main.ts', { token: lease.token });
 * else console.error(lease.message);
 */
export function acquireLease(
  dir: string,
  resource: string,
  options: AcquireOptions = {},
): AcquireResult {
  const paths = resolveLeasePaths(dir, resource, options.lock_path);
  const plan = planAcquire(options);
  const result = acquireResolved(paths, plan);
  if (!result.acquired && plan.throw_on_conflict) {
    throw new BatonError('conflict', result.message, { ...result });
  }
  return result;
}

function acquireResolved(paths: LeasePaths, plan: AcquirePlan): AcquireResult {
  let view: LeaseView | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const created = createInstance(paths.lock_path, () =>
      buildRecord(paths, paths.lock_path, paths.record_path, plan),
    );
    if (created.kind === 'created') return acquired(paths, created.record);
    view = inspectLock(paths.resource_path, paths.lock_path, Date.now());
    if (view.state === 'absent') continue;
    if (view.state === 'stale' && plan.take_stale && view.record) {
      const taken = takeOver(paths, plan, view.record);
      if (taken !== 'retry') return taken;
      continue;
    }
    return conflict(paths, view);
  }
  return conflict(paths, view ?? inspectLock(paths.resource_path, paths.lock_path, Date.now()));
}

/**
 * Replace the expired instance `stale` (seed protocol, made safe by the instance claim): take
 * the guard; claim the stale instance so no renew, release or other taker can touch it; re-check
 * under the claim that it is still the same record and still expired; tombstone it; mkdir anew.
 */
function takeOver(
  paths: LeasePaths,
  plan: AcquirePlan,
  stale: LeaseRecord,
): AcquireResult | 'retry' {
  const taken = acquireGuard(paths, plan.owner, {
    reaper_ttl_ms: plan.reaper_ttl_ms,
    reason: `stale takeover of ${paths.resource_path}`,
    wait_ms: 0,
  });
  if (taken.kind === 'busy') {
    const view = inspectLock(paths.resource_path, paths.lock_path, Date.now());
    const by = taken.view.record?.owner.id ?? 'another process';
    return conflict(paths, view, `stale takeover in progress by ${by} (${paths.guard_path})`);
  }
  let tomb: string | undefined;
  const known = [RECORD_FILE];
  try {
    const claim = claimInstance(paths.lock_path, stale.token, {
      wait_ms: 0,
      reaper_ttl_ms: plan.reaper_ttl_ms,
    });
    if (claim.kind === 'absent') return 'retry';
    if (claim.kind === 'other' || claim.kind === 'busy') {
      return conflict(paths, inspectLock(paths.resource_path, paths.lock_path, Date.now()));
    }
    const current = inspectLock(paths.resource_path, paths.lock_path, Date.now());
    const still =
      current.state === 'stale' &&
      current.record?.token === stale.token &&
      current.record.acquired_at_ms === stale.acquired_at_ms;
    if (!still) {
      // Renewed just before our claim: put the claim back and report what is there now.
      if (claim.kind === 'claimed') unclaim(claim);
      return conflict(paths, current);
    }
    if (claim.kind === 'claimed') known.push(path.basename(claim.claim_path));
    tomb = tombstone(paths.lock_path);
    const created = createInstance(paths.lock_path, () =>
      buildRecord(paths, paths.lock_path, paths.record_path, plan),
    );
    if (created.kind === 'created') return acquired(paths, created.record, current.record);
    // A plain acquirer's mkdir won the freed path: it holds the lease, we do not.
    return conflict(paths, inspectLock(paths.resource_path, paths.lock_path, Date.now()));
  } finally {
    releaseGuard(taken.guard);
    removeTombstone(tomb, known);
  }
}

function acquired(
  paths: LeasePaths,
  record: LeaseRecord,
  staleRemoved?: LeaseRecord,
): AcquireResult {
  return {
    acquired: true,
    status: 'acquired',
    resource_path: paths.resource_path,
    lock_path: paths.lock_path,
    record_path: paths.record_path,
    token: record.token,
    record,
    ...(staleRemoved ? { stale_removed: staleRemoved } : {}),
  };
}

/** The structured conflict for what a reader sees at the lock now. */
export function conflict(paths: LeasePaths, view: LeaseView, note?: string): LeaseConflict {
  return {
    acquired: false,
    status: 'conflict',
    reason: view.state,
    resource_path: paths.resource_path,
    lock_path: paths.lock_path,
    record_path: paths.record_path,
    ...(view.record ? { holder: view.record } : {}),
    message: conflictMessage({
      lock_path: paths.lock_path,
      state: view.state,
      holder: view.record,
      ...(note === undefined ? {} : { note }),
    }),
  };
}
