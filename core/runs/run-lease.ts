import { DEFAULT_TTL_MS } from '../leases/index.ts';
import { layout } from '../layout.ts';

/** Lease TTL a run gets when the caller names none: the lease default (10 minutes). */
export const DEFAULT_RUN_LEASE_TTL_MS = DEFAULT_TTL_MS;

/**
 * Where a run's lease lives: resource `runs/<run_id>`, lock directory
 * `runs/<run_id>/lease.lock.d/` (docs/format.md "Durable runs"). Callers validate `runId` first.
 *
 * @example
 * runLeaseTarget('/coord', 'r1');
 * // { resource: 'runs/r1', lock_path: '/coord/runs/r1/lease.lock.d' }
 */
export function runLeaseTarget(
  dir: string,
  runId: string,
): { resource: string; lock_path: string } {
  return { resource: `runs/${runId}`, lock_path: layout(dir).runLeaseDir(runId) };
}
