import fs from 'node:fs';
import { BatonError } from '../errors.ts';
import { assertInsideRoot, validateName } from '../files/names.ts';
import { acquireLease, releaseLease } from '../leases/index.ts';
import { layout } from '../layout.ts';
import { assertJsonValue } from './assert-json-value.ts';
import { readCheckpointLog } from './checkpoint-log.ts';
import { jsonEqual } from './json-equal.ts';
import { validateOptionalId, validatePositiveInt } from './run-arguments.ts';
import { createRunHandle, type RunHandle } from './run-handle.ts';
import { DEFAULT_RUN_LEASE_TTL_MS, runLeaseTarget } from './run-lease.ts';
import { readRunRecord, writeRunRecord } from './run-record-file.ts';
import { RUN_SCHEMA, type RunRecord, type RunStatus } from './run-schema.ts';

export interface StartRunOptions {
  worker_id: string;
  /** Lease TTL (default 10 minutes). A crashed worker's run is resumable once it runs out. */
  lease_ttl_ms?: number;
  /** Renew the lease this often while the handle is open (off by default). */
  renew_every_ms?: number;
  session_id?: string;
  workflow_id?: string;
  /** The run's input (any JSON value). A resumed run keeps the input it started with. */
  input?: unknown;
  now?: number;
}

/** Statuses a run can never leave (a failed run may be started again). */
const FINAL: readonly RunStatus[] = ['succeeded', 'cancelled'];

/**
 * Start or resume durable run `runId` as `worker_id` and take its lease
 * (`runs/<run_id>/lease.lock.d/`; the lease token is the run's `lease_id`).
 * - a new run starts at attempt 1;
 * - a run that is not terminal and whose lease is stale or absent (its worker crashed or
 *   disposed it) resumes at attempt + 1 with `resumed: true`, its committed checkpoints replayed
 *   by {@link RunHandle.step};
 * - a failed run restarts the same way; succeeded and cancelled runs refuse (`terminal_run`);
 * - a run whose lease is active is a `conflict` naming the holder and the expiry.
 *
 * @example
 * const run = startRun('/coord', 'build-42', { worker_id: 'w1', lease_ttl_ms: 30_000 });
 * const plan = await run.step('plan', () => makePlan());
 * run.finish('succeeded', { output: plan });
 */
export function startRun(dir: string, runId: string, options: StartRunOptions): RunHandle {
  validateName('run id', runId);
  validateName('worker id', options.worker_id);
  validatePositiveInt('lease_ttl_ms', options.lease_ttl_ms);
  validatePositiveInt('renew_every_ms', options.renew_every_ms);
  validateOptionalId('session id', options.session_id);
  validateOptionalId('workflow id', options.workflow_id);
  assertJsonValue('run input', options.input);
  const ttl = options.lease_ttl_ms ?? DEFAULT_RUN_LEASE_TTL_MS;
  if (options.renew_every_ms !== undefined && options.renew_every_ms >= ttl) {
    throw new BatonError(
      'invalid_argument',
      `renew_every_ms (${options.renew_every_ms}) must be shorter than the lease TTL (${ttl})`,
    );
  }
  const at = layout(dir);
  assertInsideRoot(at.root, at.runDir(runId), `run ${runId}`);

  // Refuse what we can before touching the disk; checked again under the lease below.
  const before = readExisting(dir, runId);
  if (before) assertRestartable(before, options);

  fs.mkdirSync(at.runDir(runId), { recursive: true });
  const { resource, lock_path } = runLeaseTarget(dir, runId);
  const taken = acquireLease(dir, resource, {
    ttl_ms: ttl,
    owner: { id: options.worker_id, worker_id: options.worker_id, run_id: runId },
    reason: `durable run ${runId}`,
    take_stale: true,
    lock_path,
  });
  if (!taken.acquired) {
    const holder = taken.holder;
    const who = holder
      ? `worker ${holder.owner.worker_id ?? holder.owner.id} (lease expires at ${new Date(holder.expires_at_ms).toISOString()}, in ${Math.max(0, Math.ceil((holder.expires_at_ms - Date.now()) / 1000))}s)`
      : `a lease in state ${taken.reason}`;
    throw new BatonError('conflict', `run ${runId} is held by ${who}\n${taken.message}`, {
      run_id: runId,
      state: taken.reason,
      ...(holder
        ? {
            holder: holder.owner,
            expires_at_ms: holder.expires_at_ms,
          }
        : {}),
    });
  }

  try {
    const now = options.now ?? Date.now();
    const previous = readExisting(dir, runId);
    if (previous) assertRestartable(previous, options);
    // The offset read here fences out lines a worker that lost the lease appends later.
    const log = readCheckpointLog(dir, runId, previous);
    const attempt = (previous?.attempt ?? 0) + 1;
    const sessionId = previous?.session_id ?? options.session_id;
    const workflowId = previous?.workflow_id ?? options.workflow_id;
    const input = previous ? previous.input : options.input;
    const record: RunRecord = {
      ...(previous ? withoutResult(previous) : {}),
      schema: RUN_SCHEMA,
      run_id: runId,
      ...(sessionId === undefined ? {} : { session_id: sessionId }),
      ...(workflowId === undefined ? {} : { workflow_id: workflowId }),
      worker_id: options.worker_id,
      lease_id: taken.token,
      attempt,
      status: 'running',
      ...(input === undefined ? {} : { input }),
      started_at_ms: previous?.started_at_ms ?? now,
      updated_at_ms: now,
      attempts: [
        ...(previous?.attempts ?? []),
        {
          attempt,
          worker_id: options.worker_id,
          lease_id: taken.token,
          started_at_ms: now,
          checkpoint_offset: log.next,
        },
      ],
    };
    writeRunRecord(dir, record);
    return createRunHandle(dir, {
      record,
      checkpoints: log.checkpoints,
      resumed: previous !== undefined,
      ...(previous ? { previous_status: previous.status } : {}),
      lease: taken.record,
      ...(taken.stale_removed ? { took_over_from: taken.stale_removed } : {}),
      ...(options.renew_every_ms === undefined ? {} : { renew_every_ms: options.renew_every_ms }),
    });
  } catch (error) {
    try {
      releaseLease(dir, resource, { token: taken.token, lock_path });
    } catch {
      // the original error is the one worth reporting; the lease runs out by itself
    }
    throw error;
  }
}

function readExisting(dir: string, runId: string): RunRecord | undefined {
  const read = readRunRecord(dir, runId);
  if (read.ok) return read.value;
  if (read.absent) return undefined;
  throw new BatonError(
    'unreadable',
    `cannot start run ${runId}: ${read.diagnostic.message} (fix or remove the record first)`,
    { run_id: runId, diagnostic: read.diagnostic },
  );
}

function assertRestartable(record: RunRecord, options: StartRunOptions): void {
  const runId = record.run_id;
  if (FINAL.includes(record.status)) {
    throw new BatonError(
      'terminal_run',
      `run ${runId} already ${record.status} (attempt ${record.attempt}); a ${record.status} run cannot be started again`,
      { run_id: runId, status: record.status, attempt: record.attempt },
    );
  }
  const mismatch = (label: string, stored: unknown, given: unknown): void => {
    if (given !== undefined && stored !== undefined && !jsonEqual(stored, given)) {
      throw new BatonError(
        'invalid_argument',
        `run ${runId} was started with a different ${label}; resume it with the same one or none`,
        { run_id: runId, label },
      );
    }
  };
  mismatch('input', record.input, options.input);
  mismatch('session id', record.session_id, options.session_id);
  mismatch('workflow id', record.workflow_id, options.workflow_id);
}

/** A restarted failed run starts without the previous attempt's result. */
function withoutResult(record: RunRecord): Partial<RunRecord> {
  const { output: _output, error: _error, finished_at_ms: _finished, ...rest } = record;
  return rest;
}
