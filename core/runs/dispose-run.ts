import { BatonError } from '../errors.ts';
import { readLease, releaseLease } from '../leases/index.ts';
import { validateName } from '../files/names.ts';
import { runLeaseTarget } from './run-lease.ts';
import { readRunRecord, replaceRunRecordIf } from './run-record-file.ts';
import { TERMINAL_RUN_STATUSES } from './run-schema.ts';

/**
 * Let go of run `runId` without finishing it: when `lease_id` is still the run's lease, mark
 * the run `interrupted` and release the lease, so any worker may resume it at once (attempt + 1,
 * committed steps replayed) instead of waiting for the TTL. A lease that is no longer ours is
 * left alone; nothing here throws for that, so it is safe in a `finally`.
 *
 * @example
 * try { … } finally { disposeRun('/coord', 'r1', { lease_id }); }
 */
export function disposeRun(
  dir: string,
  runId: string,
  options: { lease_id: string; now?: number },
): void {
  validateName('run id', runId);
  if (typeof options.lease_id !== 'string' || options.lease_id === '') {
    throw new BatonError('invalid_argument', 'lease id (the lease token) is required');
  }
  const now = options.now ?? Date.now();
  const { resource, lock_path } = runLeaseTarget(dir, runId);
  const stillOurs = (): boolean => {
    const current = readRunRecord(dir, runId);
    const lease = readLease(dir, resource, { lock_path, now });
    return (
      current.ok &&
      current.value.lease_id === options.lease_id &&
      lease.record?.token === options.lease_id
    );
  };
  const read = readRunRecord(dir, runId);
  if (
    read.ok &&
    read.value.lease_id === options.lease_id &&
    !TERMINAL_RUN_STATUSES.includes(read.value.status)
  ) {
    replaceRunRecordIf(
      dir,
      { ...read.value, status: 'interrupted', updated_at_ms: now },
      stillOurs,
    );
  }
  try {
    releaseLease(dir, resource, { token: options.lease_id, lock_path });
  } catch (error) {
    // Held under another token now (taken over), or busy: either way not ours to release.
    if (!(error instanceof BatonError)) throw error;
  }
}
