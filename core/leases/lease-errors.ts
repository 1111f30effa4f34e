import { BatonError } from '../errors.ts';
import type { LeasePaths } from './lease-paths.ts';
import { inspectLock } from './read-lease.ts';

/** Reject a missing or empty token before anything is touched. */
export function checkToken(token: unknown): asserts token is string {
  if (typeof token !== 'string' || token.trim() === '') {
    throw new BatonError('invalid_argument', 'token is required (the one acquire returned)');
  }
}

/** `not_holder`, naming who holds the lease now (if anyone). */
export function notHolder(paths: LeasePaths, token: string, action: string): BatonError {
  const view = inspectLock(paths.resource_path, paths.lock_path, Date.now());
  const now = view.record
    ? `held by ${view.record.owner.id} under another token (state: ${view.state})`
    : `in state ${view.state}`;
  return new BatonError(
    'not_holder',
    `refusing to ${action} ${paths.lock_path}: token ${token} does not hold it; it is ${now}`,
    {
      lock_path: paths.lock_path,
      token,
      state: view.state,
      ...(view.record ? { holder: view.record } : {}),
    },
  );
}

/** Another process kept the instance claimed for longer than we wait. */
export function busy(paths: LeasePaths, action: string): BatonError {
  return new BatonError(
    'conflict',
    `cannot ${action} ${paths.lock_path}: another process is changing it (renew, release or takeover); retry`,
    { lock_path: paths.lock_path },
  );
}
