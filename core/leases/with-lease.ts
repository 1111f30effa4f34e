import { BatonError } from '../errors.ts';
import { acquireLease } from './acquire-lease.ts';
import { checkInt } from './lease-record.ts';
import type { AcquiredLease, AcquireOptions } from './lease-types.ts';
import { releaseLease } from './release-lease.ts';
import { renewLease } from './renew-lease.ts';

/**
 * Run `body` while holding the lease on `resource`, and release it on every exit path (return or
 * throw). Throws a `conflict` BatonError (detail: the {@link LeaseConflict}) when the lease is
 * held. With `renew_every_ms` the lease is renewed on that period while the body runs; if a
 * renewal is refused (the lease was lost), the body still finishes but withLease then throws
 * `not_holder`, since its work ran without the lease.
 *
 * @example
 * const manifest = await withLease('/coord', 'release/manifest', async () => updateManifest(), {
 *   ttl_ms: 30_000,
 *   renew_every_ms: 10_000,
 * });
 */
export async function withLease<T>(
  dir: string,
  resource: string,
  body: (lease: AcquiredLease) => Promise<T> | T,
  options: AcquireOptions & { renew_every_ms?: number } = {},
): Promise<T> {
  if (typeof body !== 'function') {
    throw new BatonError(
      'invalid_argument',
      `withLease body must be a function (got ${typeof body})`,
    );
  }
  const { renew_every_ms: renewEvery, ...acquireOptions } = options;
  if (renewEvery !== undefined) checkInt('renew_every_ms', renewEvery, 0, 1);
  const lease = acquireLease(dir, resource, { ...acquireOptions, throw_on_conflict: false });
  if (!lease.acquired) throw new BatonError('conflict', lease.message, { ...lease });

  const target =
    acquireOptions.lock_path === undefined ? {} : { lock_path: acquireOptions.lock_path };
  let lost: BatonError | undefined;
  const timer =
    renewEvery === undefined
      ? undefined
      : setInterval(() => {
          try {
            renewLease(dir, resource, lease.token, target);
          } catch (error) {
            // A busy claim is transient (next tick retries); anything else means the lease is gone.
            if (error instanceof BatonError && error.code === 'conflict') return;
            lost =
              error instanceof BatonError ? error : new BatonError('not_holder', String(error));
            clearInterval(timer);
          }
        }, renewEvery);

  let value: T;
  try {
    value = await body(lease);
  } catch (error) {
    clearInterval(timer);
    try {
      releaseLease(dir, resource, { token: lease.token, ...target });
    } catch {
      // the body's error is the one to report
    }
    throw error;
  }
  clearInterval(timer);
  if (lost) {
    try {
      releaseLease(dir, resource, { token: lease.token, ...target });
    } catch {
      // it is not ours any more
    }
    throw new BatonError(
      'not_holder',
      `lease on ${lease.lock_path} was lost while the body ran: ${lost.message}`,
      { lock_path: lease.lock_path, token: lease.token },
    );
  }
  releaseLease(dir, resource, { token: lease.token, ...target });
  return value;
}
