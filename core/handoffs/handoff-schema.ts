import { z } from 'zod';

export const HANDOFF_SCHEMA = 'baton.handoff.v1';
export const HANDOFF_DECISION_SCHEMA = 'baton.handoff_decision.v1';

/** `handoffs/<state>/<id>.json`: one agent handing work to another (after CogOS' Handoff). */
export const HandoffRecordSchema = z.looseObject({
  schema: z.literal(HANDOFF_SCHEMA),
  id: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  artifact: z.string().optional(),
  message: z.string(),
  run_id: z.string().optional(),
  thread_id: z.string().optional(),
  /** The room the handoff's messages go to, as SCOPE/SCOPE_ID/ROOM. */
  room: z.string().optional(),
  refs: z.array(z.unknown()).optional(),
  created_at_ms: z.number().int(),
  deadline_ms: z.number().int().optional(),
});
export type HandoffRecord = z.infer<typeof HandoffRecordSchema>;

/** `handoffs/<accepted|declined>/<id>.decision.json`: who decided, when and why. */
export const HandoffDecisionSchema = z.looseObject({
  schema: z.literal(HANDOFF_DECISION_SCHEMA),
  id: z.string(),
  decision: z.enum(['accepted', 'declined']),
  by: z.string(),
  at_ms: z.number().int(),
  note: z.string().optional(),
  reason: z.string().optional(),
});
export type HandoffDecision = z.infer<typeof HandoffDecisionSchema>;
