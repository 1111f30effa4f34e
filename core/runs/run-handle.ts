import { BatonError } from '../errors.ts';
import { validateName } from '../files/names.ts';
import type { LeaseRecord } from '../leases/lease-schema.ts';
import { commitCheckpointResult } from './commit-checkpoint.ts';
import { disposeRun } from './dispose-run.ts';
import { finishRun, type TerminalRunStatus } from './finish-run.ts';
import { renewRun } from './renew-run.ts';
import { assertRunHolder } from './run-fence.ts';
import type { Checkpoint, RunRecord, RunStatus } from './run-schema.ts';

/** A started (or resumed) run, held by this process until finish or dispose. */
export interface RunHandle {
  readonly run_id: string;
  readonly attempt: number;
  /** True when an earlier attempt existed (crashed, disposed or failed). */
  readonly resumed: boolean;
  /** The earlier attempt's status, when resumed. */
  readonly previous_status: RunStatus | undefined;
  /** The lease token: every fenced call presents it. */
  readonly lease_id: string;
  readonly worker_id: string;
  /** The current run record (updated by renew and finish). */
  readonly record: RunRecord;
  /** The lease as last acquired or renewed. */
  readonly lease: LeaseRecord;
  /** The stale lease this start took over, if any. */
  readonly took_over_from: LeaseRecord | undefined;
  /** Committed checkpoints, in order: those replayed from earlier attempts, then this one's. */
  readonly checkpoints: readonly Checkpoint[];
  /**
   * Run step `stepId` once per run: a step committed by an earlier attempt returns its stored
   * output without calling `fn`; otherwise `fn` runs and its output is committed before it
   * is returned. Each step id may be used once per attempt.
   */
  step<T>(stepId: string, fn: () => Promise<T> | T): Promise<T>;
  /** Commit `stepId` directly (idempotent for the same output; see commitCheckpoint). */
  commitCheckpoint(stepId: string, output: unknown): Checkpoint;
  /** Extend the lease by its TTL from now. */
  renew(): void;
  /** Write the terminal status and release the lease (stops auto-renewal). */
  finish(status: TerminalRunStatus, result?: { output?: unknown; error?: unknown }): RunRecord;
  /** Release the lease without finishing; the run stays resumable (stops auto-renewal). */
  dispose(): void;
}

export interface RunHandleState {
  record: RunRecord;
  checkpoints: readonly Checkpoint[];
  resumed: boolean;
  previous_status?: RunStatus;
  lease: LeaseRecord;
  took_over_from?: LeaseRecord;
  renew_every_ms?: number;
}

/**
 * Wrap a freshly started run in its {@link RunHandle}: replay map, fenced step commits,
 * optional auto-renewal. Used by startRun; not meant to be called on a run you do not hold.
 *
 * @example
 * const handle = createRunHandle('/coord', { record, checkpoints, resumed: false, lease });
 */
export function createRunHandle(dir: string, state: RunHandleState): RunHandle {
  const runId = state.record.run_id;
  const leaseId = state.record.lease_id;
  const workerId = state.record.worker_id;
  const fence = { lease_id: leaseId, worker_id: workerId };
  let record = state.record;
  let lease = state.lease;
  const checkpoints = [...state.checkpoints];
  const committed = new Map(checkpoints.map((c) => [c.step_id, c]));
  const used = new Set<string>();
  let closed: 'finished' | 'disposed' | undefined;
  let timer: NodeJS.Timeout | undefined;

  const assertOpen = (action: string): void => {
    if (closed) {
      throw new BatonError(
        'not_holder',
        `cannot ${action}: this handle of run ${runId} was ${closed}`,
        { run_id: runId },
      );
    }
  };
  const commit = (stepId: string, output: unknown): Checkpoint => {
    assertOpen(`commit step ${JSON.stringify(stepId)}`);
    const { checkpoint, created } = commitCheckpointResult(dir, runId, {
      ...fence,
      step_id: stepId,
      output,
    });
    if (created || !committed.has(checkpoint.step_id)) {
      committed.set(checkpoint.step_id, checkpoint);
      checkpoints.push(checkpoint);
    }
    return checkpoint;
  };
  const renew = (): void => {
    assertOpen(`renew run ${runId}`);
    const renewed = renewRun(dir, runId, fence);
    record = renewed.record;
    lease = renewed.lease;
  };
  const stopRenewing = (): void => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  if (state.renew_every_ms !== undefined) {
    timer = setInterval(() => {
      try {
        renew();
      } catch {
        // Lost or closed: stop; the next fenced call reports why.
        stopRenewing();
      }
    }, state.renew_every_ms);
    timer.unref();
  }

  return {
    run_id: runId,
    attempt: record.attempt,
    resumed: state.resumed,
    previous_status: state.previous_status,
    lease_id: leaseId,
    worker_id: workerId,
    get record() {
      return record;
    },
    get lease() {
      return lease;
    },
    took_over_from: state.took_over_from,
    get checkpoints() {
      return checkpoints;
    },
    async step<T>(stepId: string, fn: () => Promise<T> | T): Promise<T> {
      validateName('step id', stepId);
      if (used.has(stepId)) {
        throw new BatonError(
          'invalid_argument',
          `run ${runId}: step id ${JSON.stringify(stepId)} is used twice in one attempt`,
          { run_id: runId, step_id: stepId },
        );
      }
      used.add(stepId);
      const replayed = committed.get(stepId);
      if (replayed) return structuredClone(replayed.output) as T;
      assertOpen(`run step ${JSON.stringify(stepId)}`);
      // Do not start a step's side effects once the lease is lost.
      assertRunHolder(dir, runId, fence, `run step ${JSON.stringify(stepId)}`);
      const output = await fn();
      commit(stepId, output);
      return output;
    },
    commitCheckpoint: commit,
    renew,
    finish(status, result = {}) {
      assertOpen(`finish run ${runId}`);
      stopRenewing();
      record = finishRun(dir, runId, { ...fence, status, ...result });
      closed = 'finished';
      return record;
    },
    dispose() {
      stopRenewing();
      if (closed) return;
      closed = 'disposed';
      disposeRun(dir, runId, { lease_id: leaseId });
    },
  };
}
