import { BatonError } from '../errors.ts';
import { releaseLease } from '../leases/index.ts';
import { validateName } from '../files/names.ts';
import { assertJsonValue } from './assert-json-value.ts';
import { validateFenceArguments } from './run-arguments.ts';
import { assertRunHolder, stillHoldsRun } from './run-fence.ts';
import { runLeaseTarget } from './run-lease.ts';
import { replaceRunRecordIf } from './run-record-file.ts';
import { TERMINAL_RUN_STATUSES, type RunRecord, type RunStatus } from './run-schema.ts';

export type TerminalRunStatus = 'succeeded' | 'failed' | 'cancelled';

export interface FinishRunOptions {
  lease_id: string;
  worker_id: string;
  status: TerminalRunStatus;
  /** The run's result: any JSON value. */
  output?: unknown;
  /** Why it failed or was cancelled: any JSON value; an Error is stored as `{name, message}`. */
  error?: unknown;
  now?: number;
}

/**
 * Finish run `runId`: fenced like a commit (the caller must hold the lease, else `not_holder`),
 * it writes the terminal `status`, `output`/`error` and `finished_at_ms` to `run.json`, then
 * releases the lease. A succeeded or cancelled run can never restart; a failed one can.
 *
 * @example
 * finishRun('/coord', 'r1', { lease_id, worker_id: 'w1', status: 'succeeded', output: { ok: true } });
 */
export function finishRun(dir: string, runId: string, options: FinishRunOptions): RunRecord {
  validateName('run id', runId);
  validateFenceArguments(options);
  validateTerminalStatus(options.status);
  const error = options.error instanceof Error ? errorJson(options.error) : options.error;
  assertJsonValue('run output', options.output);
  assertJsonValue('run error', error);
  const now = options.now ?? Date.now();
  const fence = { lease_id: options.lease_id, worker_id: options.worker_id, now };
  const action = `finish run ${runId} as ${options.status}`;
  const held = assertRunHolder(dir, runId, fence, action);

  const { output: _output, error: _error, ...rest } = held.record;
  const record: RunRecord = {
    ...rest,
    status: options.status,
    ...(options.output === undefined ? {} : { output: options.output }),
    ...(error === undefined ? {} : { error }),
    updated_at_ms: now,
    finished_at_ms: now,
  };
  if (!replaceRunRecordIf(dir, record, () => stillHoldsRun(dir, runId, fence))) {
    assertRunHolder(dir, runId, fence, action); // throws, naming who holds it now
    throw new BatonError('not_holder', `cannot ${action}: the lease changed while finishing`);
  }
  const { resource, lock_path } = runLeaseTarget(dir, runId);
  try {
    releaseLease(dir, resource, { token: options.lease_id, lock_path });
  } catch (error) {
    // The run is terminal already, so nobody can start it again; a lease left behind by a
    // release that found the lock busy just runs out.
    if (!(error instanceof BatonError)) throw error;
  }
  return record;
}

function validateTerminalStatus(status: unknown): asserts status is TerminalRunStatus {
  if (!TERMINAL_RUN_STATUSES.includes(status as RunStatus)) {
    throw new BatonError(
      'invalid_argument',
      `status must be one of ${TERMINAL_RUN_STATUSES.join(', ')} (got ${JSON.stringify(status)})`,
      { label: 'status', value: status },
    );
  }
}

function errorJson(error: Error): { name: string; message: string; code?: string } {
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
  };
}
