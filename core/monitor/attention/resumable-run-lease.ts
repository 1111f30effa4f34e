import type { LeaseView, RunView } from '../../api/views.ts';
import type { AttentionContext } from './attention-context.ts';

const RUN_LEASE_KEY = /^runs\/([^/]+)\/lease\.lock\.d$/;

/**
 * The orphaned run whose own lease (`runs/<id>/lease.lock.d`) this is, if any. Such a lease is
 * not the operator's to release: the run is resumable, and the next worker that starts it takes
 * the stale lease over itself (attempt + 1). The `orphaned_run` item tells that story, so lease
 * advice and bulk selections leave these leases out instead of recommending a release that
 * contradicts it. A resource lease that merely names the run in its owner is not a run lease.
 *
 * @example
 * resumableRunOf(view, ctx)?.run_id; // 'r-1' for runs/r-1/lease.lock.d of an orphaned run
 */
export function resumableRunOf(lease: LeaseView, ctx: AttentionContext): RunView | undefined {
  const runId = RUN_LEASE_KEY.exec(lease.key)?.[1];
  if (runId === undefined) return undefined;
  const run = ctx.run(runId);
  return run?.orphaned ? run : undefined;
}
