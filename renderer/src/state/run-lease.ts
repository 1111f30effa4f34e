import type { LeaseView, RunView } from '../../../core/api/views.ts';
import type { EntityMaps } from './entities.ts';

const RUN_LEASE_KEY = /^runs\/([^/]+)\/lease\.lock\.d$/;

/**
 * A run's own lease (`runs/<id>/lease.lock.d`), as opposed to a resource lease whose owner
 * merely names a run.
 *
 * @example
 * isRunLease(lease); // true for runs/r-1/lease.lock.d
 */
export function isRunLease(lease: LeaseView): boolean {
  return RUN_LEASE_KEY.test(lease.key);
}

/**
 * The orphaned run whose own lease this is, if any. Such a lease is not the operator's to
 * release: the next worker that starts the run takes it over (attempt + 1), which the engine's
 * orphaned-run item explains; releasing it (alone or in bulk) would contradict that advice.
 *
 * @example
 * orphanedRunOf(lease, runs)?.run_id; // 'r-1' while run r-1 is orphaned
 */
export function orphanedRunOf(lease: LeaseView, runs: EntityMaps['run']): RunView | undefined {
  const runId = RUN_LEASE_KEY.exec(lease.key)?.[1];
  if (runId === undefined) return undefined;
  const run = runs.get(runId);
  return run?.orphaned ? run : undefined;
}
