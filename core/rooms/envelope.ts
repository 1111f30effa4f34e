import { BatonError } from '../errors.ts';
import { validateName } from '../files/names.ts';
import { validateAddress } from './address.ts';
import { newMessageId } from './message-id.ts';
import {
  MESSAGE_SCHEMA,
  MessageKindSchema,
  type Address,
  type Message,
  type MessageKind,
} from './message-schema.ts';
import type { RoomRef } from './room-ref.ts';

/** What a caller posts; everything but `body` has a default (see {@link buildEnvelope}). */
export interface PostInput {
  /** Default `status`, as the seed. */
  kind?: MessageKind;
  body: string;
  /** Default: the body's first line, cut at 96 characters. */
  subject?: string;
  /** Default: $BATON_AGENT_ID, else `anonymous`. */
  from?: Address;
  /** An agent id, `*` (broadcast) or an actor object. */
  to?: Address;
  /** Explicit id: makes the post idempotent (see post.ts). Default `coord-<uuid v7>`. */
  id?: string;
  /** Idempotency key; becomes the id when no id is given, as the seed. */
  dedupe_key?: string;
  data?: unknown;
  refs?: unknown[];
  related_ids?: string[];
  reply_to?: string;
  thread_id?: string;
  /** ISO-8601; default now. */
  created_at?: string;
  ttl?: unknown;
  privacy?: unknown;
}

/** Longest default subject, in characters, as the seed cuts it. */
export const SUBJECT_MAX_CHARS = 96;

/** The sender used when a post names none: $BATON_AGENT_ID when it is a valid address. */
export function defaultSender(): string {
  const env = process.env.BATON_AGENT_ID;
  if (env && env.length <= 256 && !/\s/.test(env)) return env;
  return 'anonymous';
}

/**
 * The seed's default subject: the body's first line, cut at 96 characters (code points, so an
 * emoji is never split in half).
 *
 * @example
 * defaultSubject('Build green\nall 412 tests pass'); // 'Build green'
 */
export function defaultSubject(body: string): string {
  const firstLine = body.split('\n', 1)[0] ?? '';
  const chars = Array.from(firstLine);
  return chars.length > SUBJECT_MAX_CHARS ? chars.slice(0, SUBJECT_MAX_CHARS).join('') : firstLine;
}

/**
 * Validate a post and build the `harn.coordination.message.v1` envelope that will be appended.
 * Throws `invalid_argument` naming the field at fault; nothing is written by this function.
 *
 * @example
 * buildEnvelope({ scope: 'task', scope_id: 't1', room: 'plan' }, { body: 'hello', to: 'b' });
 * // { schema: 'harn.coordination.message.v1', id: 'coord-…', kind: 'status', subject: 'hello', … }
 */
export function buildEnvelope(
  ref: RoomRef,
  input: PostInput,
  options: { now?: number; generatedId?: string } = {},
): Message {
  const now = options.now ?? Date.now();
  if (input === null || typeof input !== 'object') {
    throw new BatonError('invalid_argument', 'message input is required');
  }
  if (typeof input.body !== 'string') {
    throw new BatonError('invalid_argument', 'body must be a string', { label: 'body' });
  }
  const kind = validateKind(input.kind);
  const dedupeKey =
    input.dedupe_key === undefined ? undefined : validateName('dedupe key', input.dedupe_key);
  const id =
    input.id !== undefined
      ? validateName('message id', input.id)
      : (dedupeKey ?? options.generatedId ?? newMessageId());
  if (input.subject !== undefined && typeof input.subject !== 'string') {
    throw new BatonError('invalid_argument', 'subject must be a string', { label: 'subject' });
  }
  const subject = input.subject !== undefined ? input.subject.trim() : defaultSubject(input.body);
  const from = input.from === undefined ? defaultSender() : validateAddress('from', input.from);
  const to = input.to === undefined ? undefined : validateAddress('to', input.to);
  if (input.refs !== undefined && !Array.isArray(input.refs)) {
    throw new BatonError('invalid_argument', 'refs must be an array', { label: 'refs' });
  }
  if (input.related_ids !== undefined && !Array.isArray(input.related_ids)) {
    throw new BatonError('invalid_argument', 'related_ids must be an array of message ids', {
      label: 'related_ids',
    });
  }
  const relatedIds = (input.related_ids ?? []).map((r) => validateName('related id', r));
  const replyTo =
    input.reply_to === undefined ? undefined : validateName('reply_to', input.reply_to);
  const threadId =
    input.thread_id === undefined ? undefined : validateName('thread id', input.thread_id);
  const createdAt = input.created_at ?? new Date(now).toISOString();
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) {
    throw new BatonError(
      'invalid_argument',
      `created_at ${JSON.stringify(createdAt)} is not an ISO-8601 time`,
      {
        label: 'created_at',
      },
    );
  }
  assertJson('data', input.data);
  assertJson('refs', input.refs);
  assertJson('ttl', input.ttl);
  assertJson('privacy', input.privacy);

  // Field order follows the seed's envelope; undefined fields are left out entirely.
  const message: Record<string, unknown> = {
    schema: MESSAGE_SCHEMA,
    id,
    scope: ref.scope,
    scope_id: ref.scope_id,
    room: ref.room,
    kind,
    from,
  };
  if (to !== undefined) message.to = to;
  message.subject = subject;
  message.body = input.body;
  if (input.data !== undefined) message.data = input.data;
  message.refs = input.refs ?? [];
  message.related_ids = relatedIds;
  if (replyTo !== undefined) message.reply_to = replyTo;
  if (threadId !== undefined) message.thread_id = threadId;
  if (dedupeKey !== undefined) message.dedupe_key = dedupeKey;
  message.created_at = createdAt;
  if (input.ttl !== undefined) message.ttl = input.ttl;
  if (input.privacy !== undefined) message.privacy = input.privacy;
  message.ts_ms = now;
  return message as Message;
}

/** Lower-case, trim and check a kind as the seed does; `status` when none is given. */
export function validateKind(value: unknown): MessageKind {
  if (value === undefined) return 'status';
  const kind = typeof value === 'string' ? value.trim().toLowerCase() : value;
  const parsed = MessageKindSchema.safeParse(kind);
  if (!parsed.success) {
    throw new BatonError(
      'invalid_argument',
      `kind ${JSON.stringify(value)} is not one of ${MessageKindSchema.options.join(', ')}`,
      { label: 'kind', value },
    );
  }
  return parsed.data;
}

/** Refuse values JSON cannot carry faithfully (cycles, BigInt) before anything is written. */
function assertJson(label: string, value: unknown): void {
  if (value === undefined) return;
  try {
    JSON.stringify(value);
  } catch (error) {
    throw new BatonError(
      'invalid_argument',
      `${label} is not JSON-serialisable: ${(error as Error).message}`,
      { label },
    );
  }
}
