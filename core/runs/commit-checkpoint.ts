import { BatonError } from '../errors.ts';
import { validateName } from '../files/names.ts';
import { assertJsonValue } from './assert-json-value.ts';
import { appendCheckpointLine, readCheckpointLog } from './checkpoint-log.ts';
import { jsonEqual } from './json-equal.ts';
import { validateFenceArguments } from './run-arguments.ts';
import { assertRunHolder, stillHoldsRun } from './run-fence.ts';
import { replaceRunRecordIf } from './run-record-file.ts';
import type { Checkpoint } from './run-schema.ts';

export interface CommitCheckpointOptions {
  /** The run's lease token (`lease_id` of startRun). */
  lease_id: string;
  worker_id: string;
  step_id: string;
  /** The step's output: any JSON value (undefined is stored as an absent field). */
  output: unknown;
  now?: number;
}

/** A commit's checkpoint, and whether this call wrote it (false: the same step was already committed). */
export interface CommitResult {
  checkpoint: Checkpoint;
  created: boolean;
}

/**
 * Commit step `step_id` of run `runId` (see {@link commitCheckpoint}), also saying whether a
 * line was written or the identical checkpoint already existed.
 *
 * @example
 * const { created } = commitCheckpointResult('/coord', 'r1', { lease_id, worker_id: 'w1', step_id: 'plan', output: 1 });
 */
export function commitCheckpointResult(
  dir: string,
  runId: string,
  options: CommitCheckpointOptions,
): CommitResult {
  validateName('run id', runId);
  validateFenceArguments(options);
  const stepId = validateName('step id', options.step_id);
  assertJsonValue(`output of step ${JSON.stringify(stepId)}`, options.output);
  const now = options.now ?? Date.now();
  const fence = { lease_id: options.lease_id, worker_id: options.worker_id, now };
  const action = `commit step ${JSON.stringify(stepId)}`;
  const held = assertRunHolder(dir, runId, fence, action);

  const log = readCheckpointLog(dir, runId, held.record);
  const existing = log.checkpoints.find((c) => c.step_id === stepId);
  if (existing) {
    if (jsonEqual(existing.output, options.output)) return { checkpoint: existing, created: false };
    throw new BatonError(
      'checkpoint_conflict',
      `run ${runId}: step ${JSON.stringify(stepId)} was already committed (sequence ${existing.sequence}, attempt ${existing.attempt}) with a different output`,
      { run_id: runId, step_id: stepId, committed: existing },
    );
  }

  const checkpoint: Checkpoint = {
    run_id: runId,
    lease_id: options.lease_id,
    worker_id: options.worker_id,
    step_id: stepId,
    sequence: log.checkpoints.length,
    attempt: held.record.attempt,
    output: options.output, // undefined: JSON.stringify leaves the field out
    committed_at_ms: now,
  };
  // The fence again, as late as possible: reading the log took time, and the lease may have
  // expired or changed hands since. What is left is the gap between this check and the
  // append; readers close it with the attempts history (checkpoint-log.ts).
  assertRunHolder(dir, runId, fence, action);
  appendCheckpointLine(dir, checkpoint);
  // Best effort: keep updated_at_ms current, but never over a record a new holder wrote.
  replaceRunRecordIf(dir, { ...held.record, updated_at_ms: now }, () =>
    stillHoldsRun(dir, runId, fence),
  );
  return { checkpoint, created: true };
}

/**
 * Commit step `step_id` of run `runId`. Fenced: the caller must hold the run's lease (its token
 * is `lease_id`, `run.json` names `worker_id`, the lease has not expired), else `not_holder`.
 * Committing the same step with the same output (deep equal) again is a no-op returning the
 * existing checkpoint; a different output is a `checkpoint_conflict`. The line's `sequence` is
 * the number of steps committed before it.
 *
 * @example
 * commitCheckpoint('/coord', 'r1', { lease_id, worker_id: 'w1', step_id: 'plan', output: { files: 3 } });
 */
export function commitCheckpoint(
  dir: string,
  runId: string,
  options: CommitCheckpointOptions,
): Checkpoint {
  return commitCheckpointResult(dir, runId, options).checkpoint;
}
