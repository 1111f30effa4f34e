import { z } from 'zod';

export const RUN_SCHEMA = 'baton.run.v1';

export const RunStatusSchema = z.enum([
  'running',
  'waiting',
  'interrupted',
  'succeeded',
  'failed',
  'cancelled',
]);
export type RunStatus = z.infer<typeof RunStatusSchema>;
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

/**
 * One attempt of a run, kept in `run.json` so readers can fence the checkpoint log (Baton
 * addition): `checkpoint_offset` is the byte length of `checkpoints.jsonl` when the attempt
 * read it at start. A line written by an earlier attempt at or past that offset landed after
 * this attempt took over, from a worker that had lost the lease, and does not count.
 */
export const RunAttemptSchema = z.looseObject({
  attempt: z.number().int().positive(),
  worker_id: z.string(),
  lease_id: z.string(),
  started_at_ms: z.number().int(),
  checkpoint_offset: z.number().int().nonnegative(),
});
export type RunAttempt = z.infer<typeof RunAttemptSchema>;

/** `runs/<run_id>/run.json` (field names after @purista/harness' durable runtime). */
export const RunRecordSchema = z.looseObject({
  schema: z.literal(RUN_SCHEMA),
  run_id: z.string().min(1),
  session_id: z.string().optional(),
  workflow_id: z.string().optional(),
  worker_id: z.string(),
  lease_id: z.string(),
  attempt: z.number().int().positive(),
  status: RunStatusSchema,
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  error: z.unknown().optional(),
  started_at_ms: z.number().int(),
  updated_at_ms: z.number().int(),
  finished_at_ms: z.number().int().optional(),
  /** Every attempt so far, oldest first (Baton addition; absent in records of other writers). */
  attempts: z.array(RunAttemptSchema).optional(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** One line of `runs/<run_id>/checkpoints.jsonl`. */
export const CheckpointSchema = z.looseObject({
  run_id: z.string(),
  lease_id: z.string(),
  worker_id: z.string(),
  step_id: z.string(),
  sequence: z.number().int().nonnegative(),
  attempt: z.number().int().positive(),
  output: z.unknown(),
  replay: z.boolean().optional(),
  committed_at_ms: z.number().int(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;
