import { BatonError } from '../errors.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { scanJsonLines } from '../files/jsonl.ts';
import type { Message } from './message-schema.ts';
import { parseMessage } from './parse-message.ts';
import { roomFile, type RoomRef } from './room-ref.ts';

/** One message of a room and where its line is. */
export interface RoomEntry {
  message: Message;
  /** Byte offset just past the line: the message's cursor (ack it to move past it). */
  cursor: number;
  /** Byte offset where the line starts. */
  offset: number;
}

export interface ScanRoomResult {
  /** Just past the last complete line scanned: where the next scan starts. */
  next_cursor: number;
  /** Complete lines scanned, good or bad. */
  scanned: number;
  diagnostics: Diagnostic[];
}

/**
 * Stream a room's messages from byte `fromCursor`, oldest first, without holding them in memory.
 * A torn last line is not yet written (the scan ends before it); a line that is not JSON or not an
 * envelope becomes a diagnostic and is skipped. Return `false` from `onEntry` to stop after that
 * message. A room that does not exist scans as empty. `until` bounds the bytes scanned.
 *
 * @example
 * scanRoom(dir, ref, 0, ({ message, cursor }) => { console.log(cursor, message.subject); });
 */
export function scanRoom(
  dir: string,
  ref: RoomRef,
  fromCursor: number,
  onEntry: (entry: RoomEntry) => boolean | void,
  options: { until?: number } = {},
): ScanRoomResult {
  const file = roomFile(dir, ref);
  validateCursor('from_cursor', fromCursor);
  const diagnostics: Diagnostic[] = [];
  const result = scanJsonLines(
    file,
    fromCursor,
    (line) => {
      const parsed = parseMessage(file, line.offset, line.value);
      if (!parsed.ok) {
        diagnostics.push(parsed.diagnostic);
        return true;
      }
      return onEntry({ message: parsed.message, cursor: line.end, offset: line.offset });
    },
    options.until === undefined ? {} : { until: options.until },
  );
  return {
    next_cursor: result.next,
    scanned: result.lines,
    diagnostics: [...result.diagnostics, ...diagnostics].sort(
      (a, b) => (a.offset ?? 0) - (b.offset ?? 0),
    ),
  };
}

export interface ReadResult {
  messages: RoomEntry[];
  /** Just past the last line read: pass it as `from_cursor` to read on. */
  next_cursor: number;
  diagnostics: Diagnostic[];
}

/**
 * Read a room's messages, oldest first, from `from_cursor` (default 0), at most `limit` of them.
 * Never throws on file content (see {@link scanRoom}).
 *
 * @example
 * const page = read(dir, ref, { limit: 100 });
 * const more = read(dir, ref, { from_cursor: page.next_cursor, limit: 100 });
 */
export function read(
  dir: string,
  ref: RoomRef,
  options: { from_cursor?: number; limit?: number } = {},
): ReadResult {
  const from = options.from_cursor ?? 0;
  const limit = options.limit ?? Infinity;
  if (limit !== Infinity && (!Number.isSafeInteger(limit) || limit <= 0)) {
    throw new BatonError('invalid_argument', `limit must be a positive integer (got ${limit})`, {
      label: 'limit',
    });
  }
  const messages: RoomEntry[] = [];
  const scan = scanRoom(dir, ref, from, (entry) => {
    messages.push(entry);
    return messages.length < limit;
  });
  return { messages, next_cursor: scan.next_cursor, diagnostics: scan.diagnostics };
}

/**
 * Find the first message with `id` in a room (a full scan; use it for one-off lookups such as the
 * parent of a reply given only its id).
 *
 * @example
 * findMessage(dir, ref, 'coord-0192…')?.message.from;
 */
export function findMessage(dir: string, ref: RoomRef, id: string): RoomEntry | undefined {
  let found: RoomEntry | undefined;
  scanRoom(dir, ref, 0, (entry) => {
    if (entry.message.id !== id) return true;
    found = entry;
    return false;
  });
  return found;
}

/** Throw `invalid_argument` unless `value` is a usable cursor (a non-negative integer). */
export function validateCursor(label: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new BatonError(
      'invalid_argument',
      `${label} must be a non-negative integer byte offset (got ${JSON.stringify(value)})`,
      { label, value },
    );
  }
  return value;
}
