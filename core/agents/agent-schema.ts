import { z } from 'zod';

export const AGENT_SCHEMA = 'baton.agent.v1';
export const DEFAULT_AGENT_TIMEOUT_MS = 45_000;
export const DEFAULT_PATH_LOCK_TTL_MS = 30_000;

/** `agents/<id>.json`, rewritten on every heartbeat. */
export const AgentRecordSchema = z.looseObject({
  schema: z.literal(AGENT_SCHEMA),
  id: z.string().min(1),
  name: z.string(),
  pid: z.number().int().optional(),
  host: z.string().optional(),
  state: z.enum(['active', 'gone']),
  started_at_ms: z.number().int(),
  last_seen_ms: z.number().int(),
  timeout_ms: z.number().int().positive().default(DEFAULT_AGENT_TIMEOUT_MS),
  edit_count: z.number().int().nonnegative().default(0),
  /** Advisory per-path locks: path -> expiry (ms). */
  locked_paths: z.record(z.string(), z.number()).default({}),
  current: z.looseObject({ run_id: z.string().optional(), task: z.string().optional() }).optional(),
});
export type AgentRecord = z.infer<typeof AgentRecordSchema>;

/** Liveness a reader derives: the record's state plus the reap rule. */
export const AgentLivenessSchema = z.enum(['active', 'crashed', 'gone']);
export type AgentLiveness = z.infer<typeof AgentLivenessSchema>;

/** One agent in harn-hostlib's SerializedRegistry (numeric id, lowercase state). */
export const SerializedAgentSchema = z.looseObject({
  id: z.number().int().nonnegative(),
  name: z.string(),
  state: AgentLivenessSchema,
  last_seen_ms: z.number().int(),
  edit_count: z.number().int().nonnegative(),
  locked_paths: z.record(z.string(), z.number()),
});
export type SerializedAgent = z.infer<typeof SerializedAgentSchema>;

/** `registry/<name>.json`: exactly harn-hostlib's SerializedRegistry shape. */
export const SerializedRegistrySchema = z.looseObject({
  next_id: z.number().int().nonnegative().default(0),
  agents: z.array(SerializedAgentSchema).default([]),
});
export type SerializedRegistry = z.infer<typeof SerializedRegistrySchema>;
