import { z } from 'zod';

export const UNSETTLED_SCHEMA = 'baton.unsettled.v1';

/** An item of any bucket: free-form, with `queued_at_ms` where the seed has one. */
export const UnsettledItemSchema = z.looseObject({
  queued_at_ms: z.number().int().optional(),
});

/** A partial handoff envelope as the seed serialises it. */
export const PartialHandoffSchema = z.looseObject({
  envelope_id: z.string().min(1),
  from: z.string().nullable().optional(),
  to: z.string().optional(),
  target_pipeline: z.string().optional(),
  origin_pipeline: z.string().nullable().optional(),
  payload: z.unknown().optional(),
  payload_summary: z.string().optional(),
  seq: z.number().int().optional(),
  queued_at_ms: z.number().int(),
});
export type PartialHandoff = z.infer<typeof PartialHandoffSchema>;

/** `unsettled/<pipeline_id>.json`: one pipeline's unsettled-work snapshot (5 buckets). */
export const UnsettledRecordSchema = z.looseObject({
  schema: z.literal(UNSETTLED_SCHEMA),
  pipeline_id: z.string().min(1),
  updated_at_ms: z.number().int(),
  suspended_subagents: z.array(UnsettledItemSchema).default([]),
  queued_triggers: z.array(UnsettledItemSchema).default([]),
  partial_handoffs: z.array(PartialHandoffSchema).default([]),
  in_flight_llm_calls: z.array(UnsettledItemSchema).default([]),
  pool_pending_tasks: z.array(UnsettledItemSchema).default([]),
});
export type UnsettledRecord = z.infer<typeof UnsettledRecordSchema>;
