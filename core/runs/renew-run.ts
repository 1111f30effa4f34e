import { renewLease } from '../leases/index.ts';
import type { LeaseRecord } from '../leases/lease-schema.ts';
import { validateName } from '../files/names.ts';
import { validateFenceArguments, validatePositiveInt } from './run-arguments.ts';
import { assertRunHolder, stillHoldsRun } from './run-fence.ts';
import { runLeaseTarget } from './run-lease.ts';
import { replaceRunRecordIf } from './run-record-file.ts';
import type { RunRecord } from './run-schema.ts';

/**
 * Extend the lease of run `runId` by its TTL (or `ttl_ms`) from now. Only the holder may: the
 * run must name `lease_id` and `worker_id` and the lock must still carry that token, else
 * `not_holder`. A lease that expired but that nobody took over yet may still be renewed.
 *
 * @example
 * const { lease } = renewRun('/coord', 'r1', { lease_id, worker_id: 'w1' });
 * lease.expires_at_ms;
 */
export function renewRun(
  dir: string,
  runId: string,
  options: { lease_id: string; worker_id: string; ttl_ms?: number; now?: number },
): { record: RunRecord; lease: LeaseRecord } {
  validateName('run id', runId);
  validateFenceArguments(options);
  validatePositiveInt('ttl_ms', options.ttl_ms);
  const fence = { lease_id: options.lease_id, worker_id: options.worker_id, now: options.now };
  const held = assertRunHolder(dir, runId, fence, `renew run ${runId}`, { allowExpired: true });
  const { resource, lock_path } = runLeaseTarget(dir, runId);
  const lease = renewLease(dir, resource, options.lease_id, {
    ...(options.ttl_ms === undefined ? {} : { ttl_ms: options.ttl_ms }),
    lock_path,
  });
  const record: RunRecord = { ...held.record, updated_at_ms: lease.updated_at_ms };
  const written = replaceRunRecordIf(dir, record, () =>
    stillHoldsRun(dir, runId, { ...fence, now: lease.updated_at_ms }),
  );
  return { record: written ? record : held.record, lease };
}
