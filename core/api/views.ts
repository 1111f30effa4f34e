import { z } from 'zod';
import { LeaseRecordSchema, LeaseStateSchema } from '../leases/lease-schema.ts';
import { AgentLivenessSchema } from '../agents/agent-schema.ts';
import { MessageSchema, ScopeSchema } from '../rooms/message-schema.ts';
import { RunStatusSchema, CheckpointSchema } from '../runs/run-schema.ts';
import { OperatorEntrySchema, LifecycleEntrySchema } from '../audit/audit-schema.ts';

/**
 * What the monitor shows: one view per entity of the fleet model. These are the shapes every
 * transport carries (in-process, Electron IPC, WebSocket); clients never read files themselves.
 * Paths in views are relative to the coordination directory.
 */

/** Why a file (or a line) could not be used: see core/files/diagnostic.ts. */
export const DiagnosticReasonSchema = z.enum([
  'unreadable',
  'malformed',
  'unsupported',
  'too_large',
]);

export const LeaseViewSchema = z.object({
  /** Stable key: the lock directory relative to the root (e.g. `locks/src/a.ts.lock.d`). */
  key: z.string(),
  resource_path: z.string(),
  lock_path: z.string(),
  state: LeaseStateSchema,
  record: LeaseRecordSchema.optional(),
  /** The agent id the owner record names (owner.agent, else owner.id), if any. */
  holder: z.string().optional(),
  /** Liveness of that agent when it is known to the directory. */
  holder_liveness: AgentLivenessSchema.optional(),
  run_id: z.string().optional(),
  /** Why the lease is malformed/unrecorded, when it is. */
  problem: z.string().optional(),
  /** When the lock directory appeared (its mtime), for unrecorded leases. */
  dir_mtime_ms: z.number().optional(),
});
export type LeaseView = z.infer<typeof LeaseViewSchema>;

export const AgentViewSchema = z.object({
  key: z.string(),
  id: z.string(),
  name: z.string(),
  liveness: AgentLivenessSchema,
  pid: z.number().optional(),
  host: z.string().optional(),
  started_at_ms: z.number().optional(),
  last_seen_ms: z.number().optional(),
  timeout_ms: z.number().optional(),
  edit_count: z.number().optional(),
  current_run: z.string().optional(),
  current_task: z.string().optional(),
  /** Resource paths of the leases this agent holds (by owner record). */
  held_leases: z.array(z.string()),
  /** Advisory path locks still in force: path -> expiry ms. */
  held_paths: z.record(z.string(), z.number()),
  /** Why the record could not be used (with `problem_reason`: unreadable, malformed...). */
  problem: z.string().optional(),
  problem_reason: DiagnosticReasonSchema.optional(),
});
export type AgentView = z.infer<typeof AgentViewSchema>;

export const MessageSummarySchema = z.object({
  id: z.string(),
  kind: z.string(),
  from: z.string(),
  to: z.string().optional(),
  subject: z.string(),
  ts_ms: z.number(),
  cursor: z.number(),
});
export type MessageSummary = z.infer<typeof MessageSummarySchema>;

export const RoomViewSchema = z.object({
  /** `SCOPE/SCOPE_ID/ROOM`, the same form the CLI takes. */
  key: z.string(),
  scope: ScopeSchema,
  scope_id: z.string(),
  room: z.string(),
  message_count: z.number(),
  size_bytes: z.number(),
  last_message: MessageSummarySchema.optional(),
  consumers: z.array(
    z.object({
      consumer_id: z.string(),
      cursor: z.number(),
      unread: z.number(),
      updated_at_ms: z.number().optional(),
    }),
  ),
  /** Requests with no reply yet, oldest first. */
  pending_requests: z.array(MessageSummarySchema),
  kinds: z.record(z.string(), z.number()),
});
export type RoomView = z.infer<typeof RoomViewSchema>;

export const RunViewSchema = z.object({
  key: z.string(),
  run_id: z.string(),
  status: RunStatusSchema.optional(),
  attempt: z.number().optional(),
  worker_id: z.string().optional(),
  workflow_id: z.string().optional(),
  lease_id: z.string().optional(),
  lease_state: LeaseStateSchema,
  lease_expires_at_ms: z.number().optional(),
  /** Non-terminal with a stale or missing lease: another worker may resume it. */
  orphaned: z.boolean(),
  started_at_ms: z.number().optional(),
  updated_at_ms: z.number().optional(),
  finished_at_ms: z.number().optional(),
  checkpoint_count: z.number(),
  last_step_id: z.string().optional(),
  output: z.unknown().optional(),
  error: z.unknown().optional(),
  problem: z.string().optional(),
});
export type RunView = z.infer<typeof RunViewSchema>;

export const HandoffViewSchema = z.object({
  key: z.string(),
  id: z.string(),
  state: z.enum(['pending', 'accepted', 'declined']),
  from: z.string(),
  to: z.string(),
  artifact: z.string().optional(),
  message: z.string(),
  run_id: z.string().optional(),
  thread_id: z.string().optional(),
  room: z.string().optional(),
  created_at_ms: z.number(),
  deadline_ms: z.number().optional(),
  decision: z
    .object({
      decision: z.enum(['accepted', 'declined']),
      by: z.string(),
      at_ms: z.number(),
      note: z.string().optional(),
      reason: z.string().optional(),
    })
    .optional(),
});
export type HandoffView = z.infer<typeof HandoffViewSchema>;

export const BarrierViewSchema = z.object({
  key: z.string(),
  name: z.string(),
  arrived: z.array(z.object({ agent: z.string(), arrived_at_ms: z.number() })),
  /** Agents expected, as declared in the barrier's files (`expected/`); absent when no
   *  declaration names any (then nobody recorded whom the waiters wait for). */
  expected: z.array(z.string()).optional(),
  /** Arrivals expected in all, named or not, when a declaration gave a count. */
  expected_count: z.number().optional(),
  /** The expected agents that have not arrived. */
  missing: z.array(z.string()),
  /** True when something was declared and all of it arrived. */
  complete: z.boolean(),
  first_arrival_ms: z.number().optional(),
  /** Who declared an expectation, and when the first did. */
  declared_by: z.array(z.string()).optional(),
  declared_at_ms: z.number().optional(),
});
export type BarrierView = z.infer<typeof BarrierViewSchema>;

export const UnsettledBucketItemSchema = z.looseObject({
  age_ms: z.number().optional(),
  queued_at_ms: z.number().optional(),
});
export const UnsettledViewSchema = z.object({
  key: z.string(),
  pipeline_id: z.string(),
  updated_at_ms: z.number(),
  counts: z.object({
    suspended: z.number(),
    queued: z.number(),
    partial: z.number(),
    in_flight: z.number(),
    pool_pending: z.number(),
  }),
  summary: z.string(),
  suspended_subagents: z.array(UnsettledBucketItemSchema),
  queued_triggers: z.array(UnsettledBucketItemSchema),
  partial_handoffs: z.array(
    z.looseObject({
      envelope_id: z.string(),
      from: z.string().nullable().optional(),
      to: z.string().optional(),
      payload_summary: z.string().optional(),
      queued_at_ms: z.number(),
      age_ms: z.number(),
    }),
  ),
  in_flight_llm_calls: z.array(UnsettledBucketItemSchema),
  pool_pending_tasks: z.array(UnsettledBucketItemSchema),
  oldest_queued_at_ms: z.number().optional(),
});
export type UnsettledView = z.infer<typeof UnsettledViewSchema>;

export const DiagnosticViewSchema = z.object({
  key: z.string(),
  path: z.string(),
  offset: z.number().optional(),
  reason: DiagnosticReasonSchema,
  message: z.string(),
  /** Since when it is known bad: when this monitor first saw it, or, for a bad file found at
   *  start, the file's last change (it has been in that state at least since then). */
  first_seen_ms: z.number(),
});
export type DiagnosticView = z.infer<typeof DiagnosticViewSchema>;

export const AttentionKindSchema = z.enum([
  'stale_lease',
  'unrecorded_lease',
  'crashed_agent_holding',
  'orphaned_run',
  'handoff_overdue',
  'request_unanswered',
  'unsettled_old',
  'barrier_stuck',
  'unreadable_file',
  'clock_skew',
]);
export type AttentionKind = z.infer<typeof AttentionKindSchema>;

export const EntityKindSchema = z.enum([
  'lease',
  'agent',
  'room',
  'run',
  'handoff',
  'barrier',
  'unsettled',
  'diagnostic',
  'attention',
]);
export type EntityKind = z.infer<typeof EntityKindSchema>;

/** A recommended operator action, ready to submit (after confirmation) as the named request. */
export const RecommendedActionSchema = z.object({
  request: z.enum([
    'releaseLease',
    'acceptHandoff',
    'declineHandoff',
    'ackPartialHandoff',
    'markAgentGone',
    'postMessage',
  ]),
  label: z.string(),
  /** Prefilled input of that request (the UI asks for what is missing, e.g. a reason). */
  input: z.record(z.string(), z.unknown()),
  /** Forceful actions ask for a reason before they run. */
  needs_reason: z.boolean(),
});
export type RecommendedAction = z.infer<typeof RecommendedActionSchema>;

export const AttentionItemSchema = z.object({
  key: z.string(),
  kind: AttentionKindSchema,
  severity: z.enum(['critical', 'warning', 'info']),
  title: z.string(),
  /** When the condition began (e.g. the lease's expiry), for "oldest first" and ages. */
  since_ms: z.number(),
  subject: z.object({ entity: EntityKindSchema, key: z.string() }),
  evidence: z.array(z.object({ label: z.string(), value: z.string() })),
  /** What the operator should probably do; absent when it is only informative. */
  action: RecommendedActionSchema.optional(),
  /** Plain-language advice when no single action fits. */
  advice: z.string().optional(),
});
export type AttentionItem = z.infer<typeof AttentionItemSchema>;

/** Each entity kind's view: what a `Change` of that kind carries, what a client keeps by key. */
export type EntityViewOf = {
  lease: LeaseView;
  agent: AgentView;
  room: RoomView;
  run: RunView;
  handoff: HandoffView;
  barrier: BarrierView;
  unsettled: UnsettledView;
  diagnostic: DiagnosticView;
  attention: AttentionItem;
};

export const EngineStatusSchema = z.object({
  state: z.enum(['starting', 'ready', 'unavailable']),
  /** Why the engine cannot read the directory, when unavailable. */
  message: z.string().optional(),
  dir: z.string(),
  watching: z.enum(['events', 'polling']),
  indexing: z.object({ done_bytes: z.number(), total_bytes: z.number(), complete: z.boolean() }),
  /**
   * Why the history index is not working, while it is not (it could not be opened, or updating
   * it failed): message history, room statistics and search are then unavailable or incomplete,
   * while the current state stays live. Absent when the index is healthy; independent of `state`.
   */
  history_problem: z.string().optional(),
});
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

export const SnapshotSchema = z.object({
  /** Sequence number of the last delta folded into this snapshot. */
  seq: z.number(),
  server_time_ms: z.number(),
  status: EngineStatusSchema,
  leases: z.array(LeaseViewSchema),
  agents: z.array(AgentViewSchema),
  rooms: z.array(RoomViewSchema),
  runs: z.array(RunViewSchema),
  handoffs: z.array(HandoffViewSchema),
  barriers: z.array(BarrierViewSchema),
  unsettled: z.array(UnsettledViewSchema),
  attention: z.array(AttentionItemSchema),
  diagnostics: z.array(DiagnosticViewSchema),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** One entity change inside a delta. `value` is the entity's full new view on upsert. */
export const ChangeSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('upsert'),
    entity: EntityKindSchema,
    key: z.string(),
    value: z.unknown(),
  }),
  z.object({ op: z.literal('remove'), entity: EntityKindSchema, key: z.string() }),
]);
export type Change = z.infer<typeof ChangeSchema>;

/** A batch of changes. `seq` increases by exactly 1 per delta: a client that sees a gap resyncs. */
export const DeltaSchema = z.object({
  seq: z.number(),
  server_time_ms: z.number(),
  changes: z.array(ChangeSchema),
  status: EngineStatusSchema.optional(),
});
export type Delta = z.infer<typeof DeltaSchema>;

export const RoomMessageSchema = z.object({ cursor: z.number(), message: MessageSchema });
export type RoomMessage = z.infer<typeof RoomMessageSchema>;

export { CheckpointSchema, OperatorEntrySchema, LifecycleEntrySchema };
