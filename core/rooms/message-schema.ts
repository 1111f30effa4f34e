import { z } from 'zod';

export const MESSAGE_SCHEMA = 'harn.coordination.message.v1';
export const RECEIPT_SCHEMA = 'harn.coordination.receipt.v1';
export const CURSOR_SCHEMA = 'baton.cursor.v1';

export const ScopeSchema = z.enum(['session', 'pipeline', 'tenant', 'workspace', 'task']);
export type Scope = z.infer<typeof ScopeSchema>;

/** The seed's kinds plus those format.md adds (ack, done, finding, checkin, heartbeat). */
export const MessageKindSchema = z.enum([
  'status',
  'claim',
  'ack',
  'done',
  'finding',
  'checkin',
  'heartbeat',
  'handoff',
  'blocker',
  'decision',
  'request',
  'fact',
]);
export type MessageKind = z.infer<typeof MessageKindSchema>;

/** An address: a plain agent id, `*` for broadcast, or the seed's actor object. */
export const AddressSchema = z.union([
  z.string(),
  z.looseObject({
    agent: z.string().optional(),
    session_id: z.string().optional(),
    root_session_id: z.string().optional(),
    worker_id: z.string().optional(),
    run_id: z.string().optional(),
    task_id: z.string().optional(),
    root_task_id: z.string().optional(),
  }),
]);
export type Address = z.infer<typeof AddressSchema>;

/** One line of a room file: the seed's envelope plus `ts_ms`. */
export const MessageSchema = z.looseObject({
  schema: z.literal(MESSAGE_SCHEMA),
  id: z.string().min(1),
  scope: ScopeSchema,
  scope_id: z.string().min(1),
  room: z.string().min(1),
  kind: MessageKindSchema,
  from: AddressSchema,
  to: AddressSchema.optional(),
  subject: z.string(),
  body: z.string(),
  data: z.unknown().optional(),
  refs: z.array(z.unknown()).default([]),
  related_ids: z.array(z.string()).default([]),
  reply_to: z.string().optional(),
  thread_id: z.string().optional(),
  dedupe_key: z.string().optional(),
  created_at: z.string(),
  ttl: z.unknown().optional(),
  privacy: z.unknown().optional(),
  ts_ms: z.number().int(),
});
export type Message = z.infer<typeof MessageSchema>;

/** `<room>.consumers/<consumer_id>.json`: how far one consumer has acknowledged. */
export const CursorRecordSchema = z.looseObject({
  schema: z.literal(CURSOR_SCHEMA),
  consumer_id: z.string().min(1),
  cursor: z.number().int().nonnegative(),
  updated_at_ms: z.number().int(),
});
export type CursorRecord = z.infer<typeof CursorRecordSchema>;
