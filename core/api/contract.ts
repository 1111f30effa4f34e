import { z } from 'zod';
import {
  AgentViewSchema,
  CheckpointSchema,
  DeltaSchema,
  EngineStatusSchema,
  LifecycleEntrySchema,
  MessageSummarySchema,
  OperatorEntrySchema,
  RoomMessageSchema,
  RunViewSchema,
  SnapshotSchema,
} from './views.ts';
import { MessageKindSchema } from '../rooms/message-schema.ts';

/**
 * THE monitor contract: every request a client may make, with its input and output schema, and
 * every event the monitor pushes. Served in process, over Electron IPC and over HTTP+WebSocket;
 * each transport handles every key (checked by the compiler with `satisfies`) and parses every
 * input with these schemas before a handler runs.
 */

const Empty = z.object({});

/** The outcome of an operator action. A refusal is not an exception: it is shown to the operator. */
export const ActionResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    message: z.string(),
    audit: OperatorEntrySchema,
  }),
  z.object({
    ok: z.literal(false),
    /** changed: the world moved since the operator looked (CAS failed); the rest as named. */
    code: z.enum(['changed', 'not_found', 'invalid', 'error']),
    message: z.string(),
    /** The current state of the target, so the UI can show what it is now. */
    current: z.unknown().optional(),
    audit: OperatorEntrySchema.optional(),
  }),
]);
export type ActionResult = z.infer<typeof ActionResultSchema>;

const RoomFilterSchema = z.object({
  kind: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  thread_id: z.string().optional(),
});

export const contract = {
  requests: {
    /** Who and where: the directory, the operator identity, the server's clock. */
    info: {
      input: Empty,
      output: z.object({
        version: z.string(),
        dir: z.string(),
        operator: z.string(),
        server_time_ms: z.number(),
        transport: z.enum(['in-process', 'ipc', 'websocket']),
        recent_dirs: z.array(z.string()),
      }),
    },
    /** The whole current model (the base a client applies deltas to). */
    snapshot: { input: Empty, output: SnapshotSchema },
    /** A page of one room's messages, oldest first, from the live file and the index. */
    roomMessages: {
      input: z.object({
        room: z.string(),
        /** Messages after this cursor (exclusive); default from the start. */
        after_cursor: z.number().int().nonnegative().optional(),
        /** Messages before this cursor, for paging backwards from the newest. */
        before_cursor: z.number().int().nonnegative().optional(),
        limit: z.number().int().positive().max(5000).default(200),
        filter: RoomFilterSchema.default({}),
      }),
      output: z.object({
        messages: z.array(RoomMessageSchema),
        /** Total matching messages in the room (for a virtual list's size). */
        total: z.number(),
        has_more_before: z.boolean(),
        has_more_after: z.boolean(),
      }),
    },
    /** Full-text search over room messages (SQLite FTS5). */
    search: {
      input: z.object({
        query: z.string().min(1),
        room: z.string().optional(),
        limit: z.number().int().positive().max(500).default(50),
      }),
      output: z.object({
        hits: z.array(
          z.object({
            room: z.string(),
            cursor: z.number(),
            message: MessageSummarySchema,
            snippet: z.string(),
          }),
        ),
        indexed_complete: z.boolean(),
      }),
    },
    /** A run with its checkpoints across attempts. */
    runDetail: {
      input: z.object({ run_id: z.string() }),
      output: z.object({
        run: RunViewSchema.optional(),
        checkpoints: z.array(CheckpointSchema),
        attempts: z.array(
          z.object({
            attempt: z.number(),
            worker_id: z.string(),
            first_ms: z.number(),
            last_ms: z.number(),
          }),
        ),
      }),
    },
    /** One agent with its recent activity (state transitions and messages it sent). */
    agentDetail: {
      input: z.object({
        agent_id: z.string(),
        limit: z.number().int().positive().max(1000).default(100),
      }),
      output: z.object({
        agent: AgentViewSchema.optional(),
        transitions: z.array(TransitionSchema()),
        messages: z.array(z.object({ room: z.string(), message: MessageSummarySchema })),
      }),
    },
    /** Fleet activity over time, bucketed, from the history index. */
    timeline: {
      input: z.object({
        from_ms: z.number(),
        to_ms: z.number(),
        bucket_ms: z.number().int().positive().default(60_000),
      }),
      output: z.object({
        buckets: z.array(
          z.object({
            t_ms: z.number(),
            leases_held: z.number(),
            agents_alive: z.number(),
            messages: z.number(),
            attention: z.number(),
          }),
        ),
        transitions: z.array(TransitionSchema()),
        /**
         * When the monitor started recording leases and agents in this index (its first
         * transition). Before it, leases held, agents alive and attention are unknown, not zero;
         * messages are counted from the room files and are known throughout.
         */
        recorded_since_ms: z.number().optional(),
      }),
    },
    /** Operator and lifecycle audit, newest first. */
    audit: {
      input: z.object({
        source: z.enum(['operator', 'lifecycle', 'all']).default('all'),
        text: z.string().optional(),
        limit: z.number().int().positive().max(5000).default(500),
      }),
      output: z.object({
        entries: z.array(
          z.discriminatedUnion('source', [
            z.object({
              source: z.literal('operator'),
              cursor: z.number(),
              entry: OperatorEntrySchema,
            }),
            z.object({
              source: z.literal('lifecycle'),
              cursor: z.number(),
              entry: LifecycleEntrySchema,
            }),
          ]),
        ),
      }),
    },

    // ---- operator actions: each is compare-and-swap on what the operator saw, audited, and
    // ---- tells the affected agent by a room message addressed to it.
    releaseLease: {
      input: z.object({
        resource_path: z.string(),
        /** The token the operator saw. A lease held under another token is refused. */
        expected_token: z.string().optional(),
        /** Required for an active lease (with a reason); stale ones release without it. */
        force: z.boolean().default(false),
        reason: z.string().optional(),
      }),
      output: ActionResultSchema,
    },
    acceptHandoff: {
      input: z.object({ id: z.string(), note: z.string().optional() }),
      output: ActionResultSchema,
    },
    declineHandoff: {
      input: z.object({ id: z.string(), reason: z.string().min(1) }),
      output: ActionResultSchema,
    },
    ackPartialHandoff: {
      input: z.object({
        pipeline_id: z.string(),
        envelope_id: z.string(),
        decision: z.string().min(1),
      }),
      output: ActionResultSchema,
    },
    markAgentGone: {
      input: z.object({
        agent_id: z.string(),
        /** The last_seen_ms the operator saw: a fresher heartbeat since means the agent is back. */
        expected_last_seen_ms: z.number().optional(),
        reason: z.string().optional(),
      }),
      output: ActionResultSchema,
    },
    postMessage: {
      input: z.object({
        room: z.string(),
        body: z.string().min(1),
        kind: MessageKindSchema.default('status'),
        to: z.string().optional(),
        reply_to: z.string().optional(),
      }),
      output: ActionResultSchema,
    },
  },
  events: {
    /** A batch of model changes; `seq` grows by one per delta. */
    delta: DeltaSchema,
    /** Engine status changes (also carried inside deltas). */
    status: EngineStatusSchema,
  },
} as const;

function TransitionSchema() {
  return z.object({
    ts_ms: z.number(),
    entity: z.string(),
    key: z.string(),
    /** e.g. lease.acquired, lease.renewed, lease.released, lease.stale, lease.released_by_operator,
     *  agent.crashed, agent.recovered, agent.gone, run.status */
    kind: z.string(),
    detail: z.string().optional(),
  });
}

export type Contract = typeof contract;
export type RequestName = keyof Contract['requests'];
export type RequestInput<K extends RequestName> = z.input<Contract['requests'][K]['input']>;
export type ParsedInput<K extends RequestName> = z.output<Contract['requests'][K]['input']>;
export type RequestOutput<K extends RequestName> = z.output<Contract['requests'][K]['output']>;
export type EventName = keyof Contract['events'];
export type EventPayload<E extends EventName> = z.output<Contract['events'][E]>;

export const REQUEST_NAMES = Object.keys(contract.requests) as RequestName[];

/** What a server implements: one handler per request, given the parsed input. */
export type MonitorHandlers = {
  [K in RequestName]: (input: ParsedInput<K>) => Promise<RequestOutput<K>> | RequestOutput<K>;
};

/** What a client offers the UI, whatever carries it. */
export type MonitorClient = {
  [K in RequestName]: (input: RequestInput<K>) => Promise<RequestOutput<K>>;
} & {
  /** Listen to pushed events; returns an unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** The error a transport returns when a request fails (bad input, unknown request, engine error). */
export const RemoteErrorSchema = z.object({
  code: z.enum(['bad_request', 'unknown_request', 'unauthorized', 'internal', 'unavailable']),
  message: z.string(),
});
export type RemoteError = z.infer<typeof RemoteErrorSchema>;

/** Parse a request's input with its schema, throwing a readable message when it does not fit. */
export function parseRequestInput<K extends RequestName>(name: K, input: unknown): ParsedInput<K> {
  const schema: z.ZodType = contract.requests[name].input;
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'input';
    throw new ContractError(
      'bad_request',
      `${name}: ${where}: ${issue?.message ?? 'invalid input'}`,
    );
  }
  return parsed.data as ParsedInput<K>;
}

/** True when `name` is a request of the contract (for transports receiving untrusted names). */
export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(contract.requests, name);
}

export class ContractError extends Error {
  readonly code: RemoteError['code'];
  constructor(code: RemoteError['code'], message: string) {
    super(message);
    this.name = 'ContractError';
    this.code = code;
  }
}

/** What serves the contract: handlers for every request and a source of pushed events. */
export interface MonitorService {
  handlers: MonitorHandlers;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
