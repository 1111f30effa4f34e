import { BatonError } from '../errors.ts';
import { lockDirStat, resolveLeasePaths, type LeasePaths } from './lease-paths.ts';
import { DEFAULT_REAPER_TTL_MS } from './lease-record.ts';
import { busy, checkToken, notHolder } from './lease-errors.ts';
import type { ReleaseOptions, ReleaseResult } from './lease-types.ts';
import {
  ACCESS_WAIT_MS,
  accessInstance,
  removeInstance,
  type InstanceAccess,
} from './instance-access.ts';
import { acquireGuard, releaseGuard } from './reap-guard.ts';
import { HOST } from './lock-instance.ts';
import { inspectLock } from './read-lease.ts';

/** A forced release re-reads a lock that changed hands under it at most this often. */
const MAX_FORCE_ATTEMPTS = 5;

/**
 * Release a lease. Strict by default: `{ token }` removes the lease only if that token holds it
 * now (another token's lease is refused with `not_holder`, an absent one reports `absent`), and
 * the check and the removal cannot be split by a takeover or re-acquisition. `{ strict: false }`
 * removes whatever lease is at the path (an operator's force), except one still being created.
 * Removal renames the directory to a tombstone, then deletes it, so the path frees atomically.
 *
 * @example
 * releaseLease('/coord', 'src/main.ts', { token: lease.token }); // { released: true, status: 'released', … }
 * releaseLease('/coord', 'src/main.ts', { strict: false });      // force, by path
 */
export function releaseLease(
  dir: string,
  resource: string,
  options: ReleaseOptions,
): ReleaseResult {
  if (typeof options !== 'object' || options === null) {
    throw new BatonError('invalid_argument', 'release needs { token } or { strict: false }');
  }
  const paths = resolveLeasePaths(dir, resource, options.lock_path);
  if ('strict' in options && options.strict === false) return forceRelease(paths);
  const token = (options as { token?: unknown }).token;
  checkToken(token);
  const access = accessInstance(paths, token, {
    wait_ms: ACCESS_WAIT_MS,
    reaper_ttl_ms: DEFAULT_REAPER_TTL_MS,
    reason: `release ${paths.resource_path}`,
  });
  if (access.kind === 'absent') return absent(paths);
  if (access.kind === 'other') throw notHolder(paths, token, 'release');
  if (access.kind === 'busy') throw busy(paths, 'release');
  removeInstance(paths, access);
  return { released: true, status: 'released', lock_path: paths.lock_path };
}

function forceRelease(paths: LeasePaths): ReleaseResult {
  lockDirStat(paths.lock_path); // refuses a symlink before we rename anything through it
  for (let attempt = 0; attempt < MAX_FORCE_ATTEMPTS; attempt++) {
    const view = inspectLock(paths.resource_path, paths.lock_path, Date.now());
    if (view.state === 'absent') return absent(paths);
    if (view.state === 'acquiring') {
      throw new BatonError(
        'conflict',
        `refusing to force-release ${paths.lock_path}: it is being acquired (no owner.json yet); retry in a few seconds`,
        { lock_path: paths.lock_path, state: view.state },
      );
    }
    let access: InstanceAccess;
    if (view.record) {
      access = accessInstance(paths, view.record.token, {
        wait_ms: ACCESS_WAIT_MS,
        reaper_ttl_ms: DEFAULT_REAPER_TTL_MS,
        reason: `force release of ${paths.resource_path}`,
      });
    } else {
      // Unrecorded or malformed: no token to claim by, so act under the guard.
      const held = acquireGuard(
        paths,
        { id: `${HOST}:${process.pid}` },
        {
          reaper_ttl_ms: DEFAULT_REAPER_TTL_MS,
          reason: `force release of ${paths.resource_path}`,
          wait_ms: ACCESS_WAIT_MS,
        },
      );
      if (held.kind === 'busy') throw busy(paths, 'force-release');
      const again = inspectLock(paths.resource_path, paths.lock_path, Date.now());
      if (again.record || again.state === 'absent' || again.state === 'acquiring') {
        releaseGuard(held.guard);
        continue;
      }
      access = { kind: 'guarded', guard: held.guard };
    }
    if (access.kind === 'absent') return absent(paths);
    if (access.kind === 'other') continue; // changed hands between our look and the claim
    if (access.kind === 'busy') throw busy(paths, 'force-release');
    removeInstance(paths, access);
    return { released: true, status: 'released', lock_path: paths.lock_path };
  }
  throw busy(paths, 'force-release');
}

function absent(paths: LeasePaths): ReleaseResult {
  return { released: false, status: 'absent', lock_path: paths.lock_path };
}
