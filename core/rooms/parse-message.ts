import type { Diagnostic } from '../files/diagnostic.ts';
import { ACTOR_ID_FIELDS } from './address.ts';
import {
  MESSAGE_SCHEMA,
  MessageKindSchema,
  MessageSchema,
  ScopeSchema,
  type Message,
} from './message-schema.ts';

export type ParsedMessage = { ok: true; message: Message } | { ok: false; diagnostic: Diagnostic };

const SCOPES = new Set<string>(ScopeSchema.options);
const KINDS = new Set<string>(MessageKindSchema.options);

/**
 * Validate one parsed JSON line of a room as a message envelope. Never throws: a line of another
 * schema is `unsupported`, a wrong shape is `malformed`, both naming the file and byte offset.
 *
 * Readers call this for every line, so the common case (a well-formed envelope) is checked by
 * hand and only lines that fail that check go through zod, which then decides and explains. The
 * hand check accepts a strict subset of what {@link MessageSchema} accepts, so both agree.
 *
 * @example
 * const parsed = parseMessage('/coord/rooms/task/t1/plan.jsonl', 0, JSON.parse(line));
 * if (parsed.ok) console.log(parsed.message.subject);
 */
export function parseMessage(file: string, offset: number, value: unknown): ParsedMessage {
  if (isWellFormed(value)) {
    value.refs ??= [];
    value.related_ids ??= [];
    return { ok: true, message: value as Message };
  }
  const declared =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as { schema?: unknown }).schema
      : undefined;
  if (declared !== undefined && declared !== MESSAGE_SCHEMA) {
    return {
      ok: false,
      diagnostic: {
        path: file,
        offset,
        reason: 'unsupported',
        message: `${file}: line at byte ${offset} has schema ${JSON.stringify(declared)}, not ${MESSAGE_SCHEMA}; skipped`,
      },
    };
  }
  const parsed = MessageSchema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'record';
  return {
    ok: false,
    diagnostic: {
      path: file,
      offset,
      reason: 'malformed',
      message: `${file}: line at byte ${offset} is not a message envelope (${where}: ${issue?.message ?? 'invalid'}); skipped`,
    },
  };
}

type Loose = Record<string, unknown>;

function isWellFormed(
  value: unknown,
): value is Loose & { refs?: unknown[]; related_ids?: unknown[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Loose;
  return (
    v.schema === MESSAGE_SCHEMA &&
    nonEmpty(v.id) &&
    typeof v.scope === 'string' &&
    SCOPES.has(v.scope) &&
    nonEmpty(v.scope_id) &&
    nonEmpty(v.room) &&
    typeof v.kind === 'string' &&
    KINDS.has(v.kind) &&
    isAddress(v.from) &&
    (v.to === undefined || isAddress(v.to)) &&
    typeof v.subject === 'string' &&
    typeof v.body === 'string' &&
    (v.refs === undefined || Array.isArray(v.refs)) &&
    (v.related_ids === undefined || isStringArray(v.related_ids)) &&
    optionalString(v.reply_to) &&
    optionalString(v.thread_id) &&
    optionalString(v.dedupe_key) &&
    typeof v.created_at === 'string' &&
    Number.isSafeInteger(v.ts_ms)
  );
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isStringArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (typeof item !== 'string') return false;
  return true;
}

function isAddress(value: unknown): boolean {
  if (typeof value === 'string') return true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const actor = value as Loose;
  for (const field of ACTOR_ID_FIELDS) {
    if (actor[field] !== undefined && typeof actor[field] !== 'string') return false;
  }
  return true;
}
