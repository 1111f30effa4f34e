// Durable runs: a run's lease, step checkpoints with replay, fencing, finish and dispose.
export { startRun, type StartRunOptions } from './start-run.ts';
export type { RunHandle } from './run-handle.ts';
export {
  commitCheckpoint,
  commitCheckpointResult,
  type CommitCheckpointOptions,
  type CommitResult,
} from './commit-checkpoint.ts';
export { finishRun, type FinishRunOptions, type TerminalRunStatus } from './finish-run.ts';
export { disposeRun } from './dispose-run.ts';
export { renewRun } from './renew-run.ts';
export { readRun, type RunView, type RunLeaseView } from './read-run.ts';
export { listRuns } from './list-runs.ts';
export type { IgnoredCheckpoint } from './checkpoint-log.ts';
export { DEFAULT_RUN_LEASE_TTL_MS } from './run-lease.ts';
export {
  RUN_SCHEMA,
  RunRecordSchema,
  RunStatusSchema,
  CheckpointSchema,
  RunAttemptSchema,
  TERMINAL_RUN_STATUSES,
  type RunRecord,
  type RunStatus,
  type Checkpoint,
  type RunAttempt,
} from './run-schema.ts';
