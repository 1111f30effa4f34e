import fs from 'node:fs';
import path from 'node:path';
import type { MessageSummary, RoomView } from '../../api/views.ts';
import { hasErrnoCode } from '../../errors.ts';
import { isAtomicTemp } from '../../files/atomic-write.ts';
import type { Diagnostic } from '../../files/diagnostic.ts';
import { isValidName } from '../../files/names.ts';
import { readRecord } from '../../files/read-record.ts';
import { layout } from '../../layout.ts';
import { CURSOR_SCHEMA, CursorRecordSchema, type Scope } from '../../rooms/message-schema.ts';

/** One consumer's acknowledged cursor, or the problem reading it. */
export interface ConsumerRaw {
  cursor?: number;
  updated_at_ms?: number;
  diagnostic?: Diagnostic;
}

/** What the model keeps of one room between reads (message stats come from the history). */
export interface RoomRaw {
  key: string;
  scope: Scope;
  scope_id: string;
  room: string;
  /** Absolute path of the room file. */
  file: string;
  /** The file exists (a room may exist only through its consumers' cursors). */
  exists: boolean;
  size: number;
  consumers: Map<string, ConsumerRaw>;
}

/** Message statistics of a room, as the history index keeps them. */
export interface RoomStatsLike {
  message_count: number;
  kinds: Record<string, number>;
  last_message?: MessageSummary;
  pending_requests: MessageSummary[];
  size_bytes: number;
}

/**
 * Stat a room file and read its consumers' cursors. `undefined` when neither exists.
 *
 * @example
 * loadRoom('/coord', { scope: 'task', scope_id: 't1', room: 'plan' });
 */
export function loadRoom(
  dir: string,
  ref: { scope: Scope; scope_id: string; room: string },
): RoomRaw | undefined {
  const at = layout(dir);
  const file = at.roomFile(ref.scope, ref.scope_id, ref.room);
  let exists = false;
  let size = 0;
  try {
    const st = fs.statSync(file);
    exists = st.isFile();
    size = exists ? st.size : 0;
  } catch (error) {
    if (!hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) exists = true; // unreadable: the history says why
  }
  const consumers = new Map<string, ConsumerRaw>();
  const consumersDir = at.consumersDir(ref.scope, ref.scope_id, ref.room);
  let names: string[] = [];
  try {
    names = fs.readdirSync(consumersDir);
  } catch {
    // no consumers yet
  }
  for (const name of names) {
    if (!name.endsWith('.json') || isAtomicTemp(name)) continue;
    const id = name.slice(0, -'.json'.length);
    if (!isValidName(id)) continue;
    const consumer = loadConsumer(path.join(consumersDir, name));
    if (consumer) consumers.set(id, consumer);
  }
  if (!exists && consumers.size === 0) return undefined;
  return { key: `${ref.scope}/${ref.scope_id}/${ref.room}`, ...ref, file, exists, size, consumers };
}

/**
 * Read one consumer cursor record; `undefined` when it does not exist.
 *
 * @example
 * loadConsumer('/coord/rooms/task/t1/plan.consumers/builder-1.json')?.cursor;
 */
export function loadConsumer(file: string): ConsumerRaw | undefined {
  const read = readRecord(file, CursorRecordSchema, CURSOR_SCHEMA);
  if (read.ok) return { cursor: read.value.cursor, updated_at_ms: read.value.updated_at_ms };
  return read.absent ? undefined : { diagnostic: read.diagnostic };
}

/**
 * The contract's view of a room: its file and consumers, with message statistics and unread
 * counts from the history index (zero until the index has reached the room).
 *
 * @example
 * roomView(raw, history.roomStats(raw.key), (cursor) => history.unreadCount(raw.key, cursor));
 */
export function roomView(
  raw: RoomRaw,
  stats: RoomStatsLike | undefined,
  unread: (cursor: number) => number,
): RoomView {
  const consumers: RoomView['consumers'] = [];
  for (const [consumer_id, consumer] of [...raw.consumers].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    if (consumer.cursor === undefined) continue;
    consumers.push({
      consumer_id,
      cursor: consumer.cursor,
      unread: unread(consumer.cursor),
      ...(consumer.updated_at_ms !== undefined ? { updated_at_ms: consumer.updated_at_ms } : {}),
    });
  }
  return {
    key: raw.key,
    scope: raw.scope,
    scope_id: raw.scope_id,
    room: raw.room,
    message_count: stats?.message_count ?? 0,
    size_bytes: raw.size,
    ...(stats?.last_message ? { last_message: stats.last_message } : {}),
    consumers,
    pending_requests: stats?.pending_requests ?? [],
    kinds: stats?.kinds ?? {},
  };
}
