import { MESSAGE_SCHEMA, MessageKindSchema, ScopeSchema } from '../../rooms/message-schema.ts';

/** The columns the index keeps for one room message (the rest stays in the room file). */
export interface MessageFields {
  id: string;
  kind: string;
  from: string;
  to: string | null;
  subject: string;
  body: string;
  ts_ms: number;
  reply_to: string | null;
  thread_id: string | null;
}

const KINDS: ReadonlySet<string> = new Set(MessageKindSchema.options);
const SCOPES: ReadonlySet<string> = new Set(ScopeSchema.options);
const ACTOR_FIELDS = [
  'agent',
  'session_id',
  'root_session_id',
  'worker_id',
  'run_id',
  'task_id',
  'root_task_id',
] as const;

/**
 * Check a parsed room line against the message envelope (core/rooms/message-schema.ts) and
 * pick out the indexed columns. A hand-written mirror of `MessageSchema` because the cold
 * index runs it on millions of lines, where zod's cost would dominate; a test keeps the two
 * in agreement. Returns the problem when the line is not a valid message (`unsupported` when it
 * names another schema or version).
 *
 * @example
 * const fields = messageFields(JSON.parse(line));
 * if ('problem' in fields) report(fields.problem); else insert(fields);
 */
export function messageFields(
  value: unknown,
): MessageFields | { problem: string; unsupported: boolean } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return bad('not an object');
  }
  const m = value as Record<string, unknown>;
  if (m.schema !== MESSAGE_SCHEMA) {
    return typeof m.schema === 'string'
      ? {
          problem: `schema ${JSON.stringify(m.schema)} is not supported (expected ${MESSAGE_SCHEMA})`,
          unsupported: true,
        }
      : bad('schema: missing');
  }
  const id = m.id;
  if (typeof id !== 'string' || id.length === 0) return bad('id: expected a non-empty string');
  if (typeof m.scope !== 'string' || !SCOPES.has(m.scope)) return bad('scope: not a scope');
  if (typeof m.scope_id !== 'string' || m.scope_id.length === 0)
    return bad('scope_id: expected a non-empty string');
  if (typeof m.room !== 'string' || m.room.length === 0)
    return bad('room: expected a non-empty string');
  const kind = m.kind;
  if (typeof kind !== 'string' || !KINDS.has(kind)) return bad('kind: not a message kind');
  if (!isAddress(m.from)) return bad('from: not an address');
  if (m.to !== undefined && !isAddress(m.to)) return bad('to: not an address');
  const subject = m.subject;
  if (typeof subject !== 'string') return bad('subject: expected a string');
  const body = m.body;
  if (typeof body !== 'string') return bad('body: expected a string');
  if (m.refs !== undefined && !Array.isArray(m.refs)) return bad('refs: expected an array');
  if (m.related_ids !== undefined && !isStringArray(m.related_ids)) {
    return bad('related_ids: expected an array of strings');
  }
  for (const key of ['reply_to', 'thread_id', 'dedupe_key'] as const) {
    if (m[key] !== undefined && typeof m[key] !== 'string') return bad(`${key}: expected a string`);
  }
  if (typeof m.created_at !== 'string') return bad('created_at: expected a string');
  const ts = m.ts_ms;
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts)) return bad('ts_ms: expected an integer');
  return {
    id,
    kind,
    from: flattenAddress(m.from),
    to: m.to === undefined ? null : flattenAddress(m.to),
    subject,
    body,
    ts_ms: ts,
    reply_to: (m.reply_to as string | undefined) ?? null,
    thread_id: (m.thread_id as string | undefined) ?? null,
  };
}

/**
 * An address as one string: a string address as is; an actor object by its agent, else
 * session, worker, run or task id (the first present), else `""`.
 *
 * @example
 * flattenAddress({ session_id: 's1', worker_id: 'w1' }); // 's1'
 * flattenAddress('builder-1');                           // 'builder-1'
 */
export function flattenAddress(address: unknown): string {
  if (typeof address === 'string') return address;
  if (address === null || typeof address !== 'object') return '';
  const a = address as Record<string, unknown>;
  for (const key of ['agent', 'session_id', 'worker_id', 'run_id', 'task_id'] as const) {
    const v = a[key];
    if (typeof v === 'string') return v;
  }
  return '';
}

function isAddress(value: unknown): boolean {
  if (typeof value === 'string') return true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const a = value as Record<string, unknown>;
  for (const key of ACTOR_FIELDS) {
    if (a[key] !== undefined && typeof a[key] !== 'string') return false;
  }
  return true;
}

function isStringArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function bad(problem: string): { problem: string; unsupported: boolean } {
  return { problem, unsupported: false };
}

/**
 * Parse one room line back into its indexed fields (undefined when it is not a message).
 *
 * @example
 * parseRoomLine(text)?.body;
 */
export function parseRoomLine(text: string | undefined): MessageFields | undefined {
  if (text === undefined) return undefined;
  try {
    const fields = messageFields(JSON.parse(text));
    return 'problem' in fields ? undefined : fields;
  } catch {
    return undefined;
  }
}
