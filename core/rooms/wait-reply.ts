import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BatonError } from '../errors.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { isValidName, validateName } from '../files/names.ts';
import { validateAddress } from './address.ts';
import { ack, getCursor } from './cursor-store.ts';
import { messageMatches, validateKindFilter, type MessageFilter } from './message-filter.ts';
import type { Address, CursorRecord, Message, MessageKind } from './message-schema.ts';
import type { Receipt } from './post.ts';
import { scanRoom } from './read.ts';
import { roomFile, type RoomRef } from './room-ref.ts';
import { watchFile } from './room-watcher.ts';

export const WAIT_REPLY_DEFAULT_TIMEOUT_MS = 2000;
export const WAIT_REPLY_DEFAULT_POLL_MS = 50;

export interface WaitReplyOptions {
  /** Wall-clock budget; default 2000. 0 scans once and returns. */
  timeout_ms?: number;
  /** Longest sleep between scans when no file change wakes the wait; default 50. */
  poll_interval_ms?: number;
  /** Durable cursor owner; default `reply.<request_id>`, so acking one request hides nothing else. */
  consumer_id?: string;
  /** Only replies from this responder. */
  from?: Address;
  /** Only replies addressed to this recipient. Default: the request's sender, when the request
   *  message (or receipt) is given; none for a bare id. */
  to?: Address;
  kind?: MessageKind | readonly MessageKind[];
  subject?: string;
  /** Only replies in this thread. Default: the request's thread, when the request message is given. */
  thread_id?: string;
  /** Advance the consumer's cursor past the scanned lines once a reply matched. */
  ack?: boolean;
}

export interface WaitReplyResult {
  status: 'matched' | 'timeout';
  matched: boolean;
  timed_out: boolean;
  request_id: string;
  thread_id: string;
  consumer_id: string;
  /** The first matching reply (absent on timeout). */
  reply?: Message;
  replies: Message[];
  /** Just past the last line scanned. */
  next_cursor: number;
  /** The consumer's cursor record after `ack: true` matched. */
  acknowledged?: CursorRecord;
  elapsed_ms: number;
  diagnostics: Diagnostic[];
}

/**
 * Wait a bounded time for replies to a request: messages whose `reply_to` is the request id
 * (plus the optional filters). `requestOrId` is a request receipt, its message, or a bare id.
 * Scans from the consumer's cursor (default consumer `reply.<request_id>`), then wakes on every
 * change of the room file, with a polling fallback, and never waits past `timeout_ms` (0 = one
 * scan). Does not acknowledge unless `ack: true`.
 *
 * Unlike the seed, a bare id does not imply `to`/`thread_id` filters: the asker's address and the
 * thread are unknown then, and `reply_to` already identifies the replies.
 *
 * @example
 * const asked = request(dir, ref, 'reviewer-2', { body: 'ok to merge?', from: 'builder-1' });
 * const r = await waitReply(dir, ref, asked, { timeout_ms: 30_000 });
 * if (r.status === 'matched') console.log(r.reply?.body);
 */
export async function waitReply(
  dir: string,
  ref: RoomRef,
  requestOrId: string | Message | Receipt | { id: string; from?: Address; thread_id?: string },
  options: WaitReplyOptions = {},
): Promise<WaitReplyResult> {
  const started = performance.now();
  const request = requestOf(requestOrId);
  const timeoutMs = nonNegativeInt('timeout_ms', options.timeout_ms, WAIT_REPLY_DEFAULT_TIMEOUT_MS);
  const pollMs = positiveInt(
    'poll_interval_ms',
    options.poll_interval_ms,
    WAIT_REPLY_DEFAULT_POLL_MS,
  );
  const consumerId =
    options.consumer_id !== undefined
      ? validateName('consumer id', options.consumer_id)
      : defaultReplyConsumer(request.id);
  const threadFilter =
    options.thread_id ?? (request.full ? (request.thread_id ?? request.id) : undefined);
  const filter: MessageFilter = {
    reply_to: request.id,
    to:
      options.to !== undefined
        ? validateAddress('to', options.to)
        : request.full
          ? request.from
          : undefined,
    from: options.from !== undefined ? validateAddress('from', options.from) : undefined,
    kind: validateKindFilter(options.kind),
    subject: options.subject,
    thread_id: threadFilter,
  };
  const file = roomFile(dir, ref);
  // A reply is never before its request: with a receipt in hand, a fresh consumer starts there.
  let cursor = getCursor(dir, ref, consumerId) ?? receiptCursor(requestOrId) ?? 0;
  const diagnostics: Diagnostic[] = [];
  const watcher = timeoutMs > 0 ? watchFile(file) : undefined;
  try {
    for (;;) {
      const replies: Message[] = [];
      const scan = scanRoom(dir, ref, cursor, ({ message }) => {
        if (messageMatches(message, filter)) replies.push(message);
      });
      cursor = scan.next_cursor;
      diagnostics.push(...scan.diagnostics);
      const elapsed = performance.now() - started;
      const base = {
        request_id: request.id,
        thread_id: threadFilter ?? replies[0]?.thread_id ?? request.thread_id ?? request.id,
        consumer_id: consumerId,
      };
      if (replies.length > 0) {
        const acknowledged = options.ack ? ack(dir, ref, consumerId, cursor) : undefined;
        return {
          status: 'matched',
          matched: true,
          timed_out: false,
          ...base,
          reply: replies[0],
          replies,
          next_cursor: cursor,
          ...(acknowledged ? { acknowledged } : {}),
          elapsed_ms: Math.round(performance.now() - started),
          diagnostics,
        };
      }
      if (!watcher || elapsed >= timeoutMs) {
        return {
          status: 'timeout',
          matched: false,
          timed_out: true,
          ...base,
          replies: [],
          next_cursor: cursor,
          elapsed_ms: Math.round(elapsed),
          diagnostics,
        };
      }
      await watcher.wait(Math.min(pollMs, timeoutMs - elapsed));
    }
  } finally {
    watcher?.close();
  }
}

/**
 * The default consumer of a wait: `reply.<request_id>`, or `reply.<hash>` when that would not be
 * a valid name (ids near the 128-character limit).
 *
 * @example
 * defaultReplyConsumer('coord-0192…'); // 'reply.coord-0192…'
 */
export function defaultReplyConsumer(requestId: string): string {
  const plain = `reply.${requestId}`;
  if (isValidName(plain)) return plain;
  return `reply.${crypto.createHash('sha256').update(requestId).digest('hex').slice(0, 40)}`;
}

function requestOf(value: unknown): {
  id: string;
  from?: Address;
  thread_id?: string;
  full: boolean;
} {
  if (typeof value === 'string')
    return { id: validateName('request id', value.trim()), full: false };
  const inner: unknown =
    value && typeof value === 'object' && 'message' in value ? value.message : value;
  if (inner && typeof inner === 'object' && typeof (inner as { id?: unknown }).id === 'string') {
    const m = inner as { id: string; from?: Address; thread_id?: string; schema?: unknown };
    return {
      id: validateName('request id', m.id),
      from: m.from,
      thread_id: m.thread_id,
      full: m.schema !== undefined,
    };
  }
  throw new BatonError(
    'invalid_argument',
    'request id is required (a receipt, a message or an id)',
    {
      label: 'request',
    },
  );
}

function receiptCursor(value: unknown): number | undefined {
  if (!value || typeof value !== 'object' || !('cursor' in value)) return undefined;
  const cursor = (value as { cursor?: unknown }).cursor;
  return typeof cursor === 'number' && Number.isSafeInteger(cursor) && cursor >= 0
    ? cursor
    : undefined;
}

function nonNegativeInt(label: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new BatonError(
      'invalid_argument',
      `${label} must be a non-negative integer (got ${value})`,
      {
        label,
      },
    );
  }
  return value;
}

function positiveInt(label: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new BatonError('invalid_argument', `${label} must be a positive integer (got ${value})`, {
      label,
    });
  }
  return value;
}
