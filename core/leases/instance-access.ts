import path from 'node:path';
import type { LeasePaths } from './lease-paths.ts';
import { lockDirStat, RECORD_FILE } from './lease-paths.ts';
import { HOST, claimInstance, removeTombstone, tombstone, unclaim } from './lock-instance.ts';
import { acquireGuard, releaseGuard, type HeldGuard } from './reap-guard.ts';

/** How long renew and release wait for another process's claim or guard to be put back. */
export const ACCESS_WAIT_MS = 2_000;

/** Exclusive access to one instance, or why there is none. */
export type InstanceAccess =
  | { kind: 'claimed'; claim: { claim_path: string; seal_path: string } }
  | { kind: 'guarded'; guard: HeldGuard }
  | { kind: 'absent' }
  | { kind: 'other' }
  | { kind: 'busy' };

/**
 * Get exclusive access to the instance of `token` at the lease's lock path: by claiming its seal,
 * or, for a seal-less record written by another tool, by holding the `.reap.d` guard (the seed's
 * way; every step that changes a seal-less instance takes that guard). While access is held, the
 * lock path keeps naming this instance, so the caller's check and its action cannot be split by
 * a takeover or a re-acquisition.
 *
 * @example
 * const access = accessInstance(paths, token, { wait_ms: 2000, reaper_ttl_ms: 60_000, reason: 'release' });
 * if (access.kind === 'claimed' || access.kind === 'guarded') removeInstance(paths, access);
 */
export function accessInstance(
  paths: LeasePaths,
  token: string,
  options: { wait_ms: number; reaper_ttl_ms: number; reason: string },
): InstanceAccess {
  lockDirStat(paths.lock_path); // refuses a symlink before we rename anything through it
  const first = claimInstance(paths.lock_path, token, options);
  if (first.kind === 'claimed') return { kind: 'claimed', claim: first };
  if (first.kind !== 'sealless') return first;
  const held = acquireGuard(
    paths,
    { id: `${HOST}:${process.pid}` },
    { reaper_ttl_ms: options.reaper_ttl_ms, reason: options.reason, wait_ms: options.wait_ms },
  );
  if (held.kind === 'busy') return { kind: 'busy' };
  // Under the guard, confirm it is still that seal-less record.
  const again = claimInstance(paths.lock_path, token, { ...options, wait_ms: 0 });
  if (again.kind === 'sealless') return { kind: 'guarded', guard: held.guard };
  releaseGuard(held.guard);
  // A seal appeared (its creator was between publishing the record and the seal): use it.
  if (again.kind === 'claimed') return { kind: 'claimed', claim: again };
  return again;
}

/** Give access back without changing the instance. */
export function endAccess(access: InstanceAccess): void {
  if (access.kind === 'claimed') unclaim(access.claim);
  else if (access.kind === 'guarded') releaseGuard(access.guard);
}

/** Remove the instance we have access to: tombstone (frees the path at once), then delete. */
export function removeInstance(paths: LeasePaths, access: InstanceAccess): void {
  const known = [RECORD_FILE];
  if (access.kind === 'claimed') known.push(path.basename(access.claim.claim_path));
  const tomb = tombstone(paths.lock_path);
  if (access.kind === 'guarded') releaseGuard(access.guard);
  removeTombstone(tomb, known);
}
