import path from 'node:path';
import { isLocalPidAlive } from '../host/pid-alive.ts';
import { sleepSync } from '../files/sleep-sync.ts';
import type { LeasePaths } from './lease-paths.ts';
import { RECORD_FILE } from './lease-paths.ts';
import { buildRecord } from './lease-record.ts';
import type { LeaseOwner } from './lease-schema.ts';
import type { LeaseView } from './lease-types.ts';
import {
  claimInstance,
  createInstance,
  HOST,
  removeTombstone,
  tombstone,
  unclaim,
} from './lock-instance.ts';
import { inspectLock } from './read-lease.ts';

/** A `.reap.d` guard this process holds. */
export interface HeldGuard {
  path: string;
  token: string;
  reaper_ttl_ms: number;
}

export type GuardOutcome = { kind: 'held'; guard: HeldGuard } | { kind: 'busy'; view: LeaseView };

const MAX_ATTEMPTS = 10_000;

/**
 * Take the guard `<lock>.reap.d` of a lease: itself a lease (same instance protocol, TTL
 * `reaper_ttl_ms`) whose record says who is working on the lock and why. A guard whose holder
 * died on this host, or that expired, is cleared by claiming its seal (compare-and-delete).
 * Waits up to `wait_ms` for a live holder; then reports `busy` with the guard's view.
 */
export function acquireGuard(
  paths: LeasePaths,
  owner: LeaseOwner,
  options: { reaper_ttl_ms: number; reason: string; wait_ms: number },
): GuardOutcome {
  const guardPath = paths.guard_path;
  const recordPath = path.join(guardPath, RECORD_FILE);
  // The guard names this process whoever the lease's owner is: its pid is what proves it dead.
  const guardOwner: LeaseOwner = { ...owner, pid: process.pid, host: HOST };
  const deadline = Date.now() + options.wait_ms;
  let pause = 1;
  let view: LeaseView | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const created = createInstance(guardPath, () =>
      buildRecord(paths, guardPath, recordPath, {
        ttl_ms: options.reaper_ttl_ms,
        owner: guardOwner,
        reason: options.reason,
        refs: [],
      }),
    );
    if (created.kind === 'created') {
      return {
        kind: 'held',
        guard: {
          path: guardPath,
          token: created.record.token,
          reaper_ttl_ms: options.reaper_ttl_ms,
        },
      };
    }
    view = inspectLock(paths.resource_path, guardPath, Date.now());
    if (view.state === 'absent') continue;
    if (guardIsStale(view, options.reaper_ttl_ms) && clearStaleGuard(view, options.reaper_ttl_ms)) {
      continue;
    }
    if (Date.now() >= deadline) break;
    sleepSync(pause);
    pause = Math.min(pause * 2, 16);
  }
  return { kind: 'busy', view: view ?? inspectLock(paths.resource_path, guardPath, Date.now()) };
}

/** Release a guard we hold. If it was cleared as stale meanwhile, there is nothing left to do. */
export function releaseGuard(guard: HeldGuard): void {
  const claim = claimInstance(guard.path, guard.token, {
    wait_ms: 0,
    reaper_ttl_ms: guard.reaper_ttl_ms,
  });
  if (claim.kind !== 'claimed') return;
  removeTombstone(tombstone(guard.path), [RECORD_FILE, path.basename(claim.claim_path)]);
}

/** Expired, held by a process that died on this host, or left without a usable record. */
function guardIsStale(view: LeaseView, reaperTtlMs: number): boolean {
  if (view.state === 'stale' || view.state === 'malformed') return true;
  if (view.state === 'unrecorded') {
    return view.dir_mtime_ms !== undefined && Date.now() - view.dir_mtime_ms > reaperTtlMs;
  }
  const owner = view.record?.owner;
  return owner?.host === HOST && owner.pid !== undefined && !isLocalPidAlive(owner.pid);
}

/** Remove a stale guard if it is still the one we judged stale. True when the path is free. */
function clearStaleGuard(view: LeaseView, reaperTtlMs: number): boolean {
  const guardPath = view.lock_path;
  const judged = view.record;
  if (!judged) {
    // No record to compare: a guard left by a crash between mkdir and record (or garbage).
    removeTombstone(tombstone(guardPath), [RECORD_FILE]);
    return true;
  }
  const claim = claimInstance(guardPath, judged.token, { wait_ms: 0, reaper_ttl_ms: reaperTtlMs });
  if (claim.kind === 'absent') return true;
  if (claim.kind === 'other' || claim.kind === 'busy') return false;
  // Under the claim (or, for a seal-less guard, as the seed does) re-check before deleting.
  const now = inspectLock(view.resource_path, guardPath, Date.now());
  const same =
    now.record?.token === judged.token &&
    now.record.acquired_at_ms === judged.acquired_at_ms &&
    guardIsStale(now, reaperTtlMs);
  if (!same) {
    if (claim.kind === 'claimed') unclaim(claim);
    return false;
  }
  const known = [RECORD_FILE];
  if (claim.kind === 'claimed') known.push(path.basename(claim.claim_path));
  removeTombstone(tombstone(guardPath), known);
  return true;
}
