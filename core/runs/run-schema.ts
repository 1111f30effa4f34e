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
