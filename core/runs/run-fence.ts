import { BatonError } from '../errors.ts';
import { readLease } from '../leases/index.ts';
import type { LeaseRecord } from '../leases/lease-schema.ts';
import { readRunRecord } from './run-record-file.ts';
import { runLeaseTarget } from './run-lease.ts';
import { TERMINAL_RUN_STATUSES, type RunRecord } from './run-schema.ts';

/** What a caller presents to prove it holds a run: the lease token and its worker id. */
export interface RunFence {
  lease_id: string;
  worker_id: string;
  now?: number;
}

export interface HeldRun {
  record: RunRecord;
  lease: LeaseRecord;
}

/**
 * Check, under the lease protocol, that the caller still holds run `runId`: `run.json` names
 * its lease and worker and is not terminal, and the lock's `owner.json` carries the same token
 * and has not expired. Throws `not_found`, `unreadable`, `terminal_run` or `not_holder` with a
 * message naming the run, the current holder and why; `action` says what was refused.
 *
 * @example
 * const { record } = assertRunHolder('/coord', 'r1', { lease_id, worker_id: 'w1' }, 'commit step "a"');
 */
export function assertRunHolder(
  dir: string,
  runId: string,
  fence: RunFence,
  action: string,
  options: { allowExpired?: boolean } = {},
): HeldRun {
  const now = fence.now ?? Date.now();
  const read = readRunRecord(dir, runId);
  if (!read.ok) {
    if (read.absent) {
      throw new BatonError('not_found', `cannot ${action}: run ${runId} does not exist`, {
        run_id: runId,
      });
    }
    throw new BatonError('unreadable', `cannot ${action}: ${read.diagnostic.message}`, {
      run_id: runId,
      diagnostic: read.diagnostic,
    });
  }
  const record = read.value;
  if (TERMINAL_RUN_STATUSES.includes(record.status)) {
    throw new BatonError(
      'terminal_run',
      `cannot ${action}: run ${runId} already ${record.status} (attempt ${record.attempt}, worker ${record.worker_id})`,
      { run_id: runId, status: record.status, attempt: record.attempt },
    );
  }
  if (record.lease_id !== fence.lease_id || record.worker_id !== fence.worker_id) {
    throw new BatonError(
      'not_holder',
      `cannot ${action}: run ${runId} is now attempt ${record.attempt} of worker ${record.worker_id} under lease ${record.lease_id}, not lease ${fence.lease_id} of worker ${fence.worker_id}`,
      holderDetail(runId, record, fence),
    );
  }
  const lease = leaseProblem(dir, runId, fence, now, options.allowExpired === true);
  if (typeof lease === 'string') {
    throw new BatonError(
      'not_holder',
      `cannot ${action}: ${lease}`,
      holderDetail(runId, record, fence),
    );
  }
  return { record, lease };
}

/**
 * True when the lease token still matches and has not expired, and `run.json` still names the
 * same lease: the last check before a fenced write.
 *
 * @example
 * if (!stillHoldsRun('/coord', 'r1', fence)) throw …;
 */
export function stillHoldsRun(dir: string, runId: string, fence: RunFence): boolean {
  const read = readRunRecord(dir, runId);
  if (!read.ok || read.value.lease_id !== fence.lease_id) return false;
  return typeof leaseProblem(dir, runId, fence, fence.now ?? Date.now(), false) !== 'string';
}

/** The lease record when `fence` holds it, else why not (in words). */
function leaseProblem(
  dir: string,
  runId: string,
  fence: RunFence,
  now: number,
  allowExpired: boolean,
): LeaseRecord | string {
  const { resource, lock_path } = runLeaseTarget(dir, runId);
  const view = readLease(dir, resource, { lock_path, now });
  const held = view.record;
  if (!held || held.token !== fence.lease_id) {
    const who = held ? ` (held by ${held.owner.id} under lease ${held.token})` : '';
    return `the lease of run ${runId} is ${view.state}${who}; lease ${fence.lease_id} is no longer held`;
  }
  if (!allowExpired && held.expires_at_ms <= now) {
    return `lease ${fence.lease_id} of run ${runId} expired ${now - held.expires_at_ms} ms ago; another worker may take the run over`;
  }
  return held;
}

function holderDetail(runId: string, record: RunRecord, fence: RunFence): Record<string, unknown> {
  return {
    run_id: runId,
    lease_id: fence.lease_id,
    worker_id: fence.worker_id,
    current_lease_id: record.lease_id,
    current_worker_id: record.worker_id,
    current_attempt: record.attempt,
  };
}
