import { BatonError } from '../errors.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { validateName } from '../files/names.ts';
import { addressIdentifier, validateAddress } from './address.ts';
import { getCursor } from './cursor-store.ts';
import { messageMatches, validateKindFilter, type MessageFilter } from './message-filter.ts';
import type { Message } from './message-schema.ts';
import { scanRoom, validateCursor } from './read.ts';
import type { RoomRef } from './room-ref.ts';

export interface InboxOptions extends MessageFilter {
  /** Whose cursor to start from. Default: the identifier of `to`, else `default` (as the seed). */
  consumer_id?: string;
  /** Start here instead of at the consumer's acknowledged cursor. */
  from_cursor?: number;
  /** Stop after this many matching messages (next_cursor is then the last one's cursor). */
  limit?: number;
}

export interface InboxResult {
  consumer_id: string;
  /** Where the scan started: `from_cursor`, else the consumer's cursor, else 0. */
  from_cursor: number;
  /** Just past the last line scanned (matching or not). */
  last_scanned_cursor: number;
  /** What to ack once these messages are handled (the same as last_scanned_cursor). */
  next_cursor: number;
  /** Complete lines scanned. */
  scanned: number;
  messages: Message[];
  /** The cursor of each message, in the same order. */
  cursors: number[];
  diagnostics: Diagnostic[];
}

/**
 * A consumer's addressed messages since its acknowledged cursor, without acknowledging. The `to`
 * filter defaults to the consumer id (pass `to: ''` to see every address); messages to `*`
 * (broadcasts) are in every inbox. Filters `from`, `kind`, `reply_to`, `thread_id` and `subject`
 * narrow further. Call {@link ack} with `next_cursor` once the messages are handled.
 *
 * @example
 * const box = inbox(dir, ref, { consumer_id: 'builder-1', kind: 'request' });
 * for (const m of box.messages) handle(m);
 * ack(dir, ref, 'builder-1', box.next_cursor);
 */
export function inbox(dir: string, ref: RoomRef, options: InboxOptions = {}): InboxResult {
  const to =
    options.to === undefined || options.to === '' ? options.to : validateAddress('to', options.to);
  const consumerId = validateName(
    'consumer id',
    options.consumer_id ?? addressIdentifier(to === '' ? undefined : to) ?? 'default',
  );
  const filter: MessageFilter = {
    to: to ?? consumerId,
    from: options.from,
    kind: validateKindFilter(options.kind),
    reply_to: options.reply_to,
    thread_id: options.thread_id,
    subject: options.subject,
  };
  const limit = options.limit ?? Infinity;
  if (limit !== Infinity && (!Number.isSafeInteger(limit) || limit <= 0)) {
    throw new BatonError('invalid_argument', `limit must be a positive integer (got ${limit})`, {
      label: 'limit',
    });
  }
  const fromCursor =
    options.from_cursor !== undefined
      ? validateCursor('from_cursor', options.from_cursor)
      : (getCursor(dir, ref, consumerId) ?? 0);
  const messages: Message[] = [];
  const cursors: number[] = [];
  const scan = scanRoom(dir, ref, fromCursor, ({ message, cursor }) => {
    if (!messageMatches(message, filter)) return true;
    messages.push(message);
    cursors.push(cursor);
    return messages.length < limit;
  });
  return {
    consumer_id: consumerId,
    from_cursor: fromCursor,
    last_scanned_cursor: scan.next_cursor,
    next_cursor: scan.next_cursor,
    scanned: scan.scanned,
    messages,
    cursors,
    diagnostics: scan.diagnostics,
  };
}
