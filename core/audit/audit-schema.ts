import { z } from 'zod';

/** One line of `audit/lifecycle.jsonl` (the seed's LifecycleAuditEntry plus `ts_ms`). */
export const LifecycleEntrySchema = z.looseObject({
  seq: z.number().int().nonnegative(),
  kind: z.string().min(1),
  payload: z.unknown(),
  pipeline_id: z.string().nullable(),
  ts_ms: z.number().int(),
});
export type LifecycleEntry = z.infer<typeof LifecycleEntrySchema>;

export const OperatorActionSchema = z.enum([
  'release_lease',
  'accept_handoff',
  'decline_handoff',
  'ack_partial_handoff',
  'mark_agent_gone',
  'post_message',
]);
export type OperatorAction = z.infer<typeof OperatorActionSchema>;

/** One line of `audit/operator.jsonl`: every operator action, with what it saw and changed. */
export const OperatorEntrySchema = z.looseObject({
  ts_ms: z.number().int(),
  operator: z.string().min(1),
  action: OperatorActionSchema,
  target: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().optional(),
  result: z.enum(['ok', 'refused', 'error']),
  message: z.string().optional(),
});
export type OperatorEntry = z.infer<typeof OperatorEntrySchema>;
