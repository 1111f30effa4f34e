import fs from 'node:fs';
import path from 'node:path';
import { BatonError, hasErrnoCode } from '../errors.ts';
import { writeJsonAtomic } from '../files/atomic-write.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { validateName } from '../files/names.ts';
import { readRecord } from '../files/read-record.ts';
import { withGuard } from './exclusive-guard.ts';
import { CURSOR_SCHEMA, CursorRecordSchema, type CursorRecord } from './message-schema.ts';
import { validateCursor } from './read.ts';
import { consumersDir, roomFile, type RoomRef } from './room-ref.ts';

/**
 * Absolute path of one consumer's cursor record, `<room>.consumers/<consumer_id>.json`.
 *
 * @example
 * cursorFile('/coord', ref, 'builder-1'); // '/coord/rooms/task/t1/plan.consumers/builder-1.json'
 */
export function cursorFile(dir: string, ref: RoomRef, consumerId: string): string {
  return path.join(consumersDir(dir, ref), `${validateName('consumer id', consumerId)}.json`);
}

/**
 * Read a consumer's cursor record. Never throws on content: a missing record is `{}`, a bad one
 * comes back as a diagnostic (and counts as no cursor).
 *
 * @example
 * const { record, diagnostic } = readCursor(dir, ref, 'builder-1');
 */
export function readCursor(
  dir: string,
  ref: RoomRef,
  consumerId: string,
): { record?: CursorRecord; diagnostic?: Diagnostic } {
  const read = readRecord(cursorFile(dir, ref, consumerId), CursorRecordSchema, CURSOR_SCHEMA);
  if (read.ok) return { record: read.value };
  return read.absent ? {} : { diagnostic: read.diagnostic };
}

/**
 * The cursor a consumer last acknowledged in a room, or `undefined` if it never acknowledged (or
 * its record is unreadable: see {@link readCursor} for the diagnostic).
 *
 * @example
 * getCursor(dir, ref, 'builder-1'); // 1834
 */
export function getCursor(dir: string, ref: RoomRef, consumerId: string): number | undefined {
  return readCursor(dir, ref, consumerId).record?.cursor;
}

/**
 * Acknowledge a room through `cursor` for one consumer. The cursor only ever moves forward: an
 * older cursor leaves the record as it is and returns it. The read-compare-write runs under a
 * per-consumer guard file, so concurrent acks of the same consumer cannot move it back either.
 * Other consumers are untouched and no message is ever removed. `cursor` must be a message
 * boundary of the room (0, or just past a line's newline) and not past its end.
 *
 * @example
 * const inboxed = inbox(dir, ref, { consumer_id: 'builder-1' });
 * ack(dir, ref, 'builder-1', inboxed.next_cursor); // { schema: 'baton.cursor.v1', cursor: …, … }
 */
export function ack(dir: string, ref: RoomRef, consumerId: string, cursor: number): CursorRecord {
  const file = cursorFile(dir, ref, consumerId);
  validateCursor('cursor', cursor);
  assertBoundary(roomFile(dir, ref), cursor);
  const guard = file.replace(/\.json$/, '.guard');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return withGuard(guard, () => {
    const current = readCursor(dir, ref, consumerId).record;
    if (current && current.cursor >= cursor) return current;
    const record: CursorRecord = {
      schema: CURSOR_SCHEMA,
      consumer_id: consumerId,
      cursor,
      updated_at_ms: Date.now(),
    };
    writeJsonAtomic(file, record);
    return record;
  });
}

/** Refuse a cursor past the end of the room or in the middle of a line. */
function assertBoundary(file: string, cursor: number): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if (!hasErrnoCode(error, 'ENOENT')) throw error;
    if (cursor === 0) return;
    throw new BatonError(
      'invalid_argument',
      `cursor ${cursor} is past the end of ${file} (absent)`,
      {
        label: 'cursor',
        value: cursor,
      },
    );
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (cursor > size) {
      throw new BatonError(
        'invalid_argument',
        `cursor ${cursor} is past the end of ${file} (${size} bytes)`,
        { label: 'cursor', value: cursor },
      );
    }
    if (cursor === 0) return;
    const byte = Buffer.alloc(1);
    fs.readSync(fd, byte, 0, 1, cursor - 1);
    if (byte[0] !== 0x0a) {
      throw new BatonError(
        'invalid_argument',
        `cursor ${cursor} is not a message boundary of ${file} (use a cursor returned by post, read or inbox)`,
        { label: 'cursor', value: cursor },
      );
    }
  } finally {
    fs.closeSync(fd);
  }
}
