import type { LeaseState } from '../../leases/lease-schema.ts';
import type { LeaseView, RunView } from '../../api/views.ts';
import type { Diagnostic } from '../../files/diagnostic.ts';
import { readRun } from '../../runs/index.ts';
import { TERMINAL_RUN_STATUSES, type RunRecord } from '../../runs/run-schema.ts';

/** What the model keeps of one run between reads (its lease lives in the lease map). */
export interface RunRaw {
  run_id: string;
  record?: RunRecord;
  checkpoint_count: number;
  last_step_id?: string;
  diagnostics: Diagnostic[];
}

/**
 * Read one run (record and committed checkpoints) through the runs module; `undefined` when
 * its directory is gone.
 *
 * @example
 * loadRun('/coord', 'r1')?.checkpoint_count;
 */
export function loadRun(dir: string, runId: string, now: number): RunRaw | undefined {
  let read: ReturnType<typeof readRun>;
  try {
    read = readRun(dir, runId, { now });
  } catch (error) {
    return {
      run_id: runId,
      checkpoint_count: 0,
      diagnostics: [
        {
          path: `${dir}/runs/${runId}`,
          reason: 'unreadable',
          message: `run ${runId}: ${(error as Error).message}`,
        },
      ],
    };
  }
  if (!read) return undefined;
  const last = read.checkpoints[read.checkpoints.length - 1];
  return {
    run_id: runId,
    ...(read.record ? { record: read.record } : {}),
    checkpoint_count: read.checkpoints.length,
    ...(last ? { last_step_id: last.step_id } : {}),
    diagnostics: read.diagnostics,
  };
}

/**
 * The contract's view of a run, with its lease as the model sees it now (so a lease going
 * stale re-derives `orphaned` without re-reading the run): orphaned = not finished and the lease
 * is stale or absent, as the runs module defines it.
 *
 * @example
 * runView(raw, leases.get(`runs/${raw.run_id}/lease.lock.d`)).orphaned;
 */
export function runView(raw: RunRaw, lease: LeaseView | undefined): RunView {
  const record = raw.record;
  const leaseState: LeaseState = lease?.state ?? 'absent';
  const orphaned =
    record !== undefined &&
    !TERMINAL_RUN_STATUSES.includes(record.status) &&
    (leaseState === 'absent' || leaseState === 'stale');
  const problem = raw.diagnostics[0]?.message;
  return {
    key: raw.run_id,
    run_id: raw.run_id,
    ...(record
      ? {
          status: record.status,
          attempt: record.attempt,
          worker_id: record.worker_id,
          ...(record.workflow_id !== undefined ? { workflow_id: record.workflow_id } : {}),
          lease_id: record.lease_id,
        }
      : {}),
    lease_state: leaseState,
    ...(lease?.record ? { lease_expires_at_ms: lease.record.expires_at_ms } : {}),
    orphaned,
    ...(record
      ? {
          started_at_ms: record.started_at_ms,
          updated_at_ms: record.updated_at_ms,
          ...(record.finished_at_ms !== undefined ? { finished_at_ms: record.finished_at_ms } : {}),
        }
      : {}),
    checkpoint_count: raw.checkpoint_count,
    ...(raw.last_step_id !== undefined ? { last_step_id: raw.last_step_id } : {}),
    ...(record?.output !== undefined ? { output: record.output } : {}),
    ...(record?.error !== undefined ? { error: record.error } : {}),
    ...(problem !== undefined ? { problem } : {}),
  };
}
