import path from 'node:path';
import type { ParsedInput, RequestOutput } from '../../api/contract.ts';
import type { MessageSummary } from '../../api/views.ts';
import { MessageSchema } from '../../rooms/message-schema.ts';
import { readLineSpans } from './read-lines.ts';
import type { Db } from './schema.ts';
import { StatementCache } from './statement-cache.ts';

/** pending_requests lists at most this many (oldest first); the count of kinds says the rest. */
export const MAX_PENDING_LISTED = 500;

/** The columns a {@link MessageSummary} is made of. */
export const SUMMARY_COLUMNS = 'id, kind, from_addr, to_addr, subject, ts_ms, cursor';

export interface SummaryRow {
  id: string;
  kind: string;
  from_addr: string;
  to_addr: string | null;
  subject: string;
  ts_ms: number;
  cursor: number;
}

/** What roomStats returns for one room. */
export interface RoomStats {
  message_count: number;
  kinds: Record<string, number>;
  last_message?: MessageSummary;
  /** Requests no message of the room replied to (reply_to = its id), oldest first. */
  pending_requests: MessageSummary[];
  /** The room file's size at its last sync. */
  size_bytes: number;
}

interface RoomFile {
  file_id: number;
  path: string;
  items: number;
  size: number;
}

type RoomFilter = ParsedInput<'roomMessages'>['filter'];

/**
 * A message row as the contract's summary: addresses already flattened at ingestion.
 *
 * @example
 * toSummary(row); // { id: 'm1', kind: 'status', from: 'builder-1', subject: 'hi', ts_ms, cursor }
 */
export function toSummary(row: SummaryRow): MessageSummary {
  const summary: MessageSummary = {
    id: row.id,
    kind: row.kind,
    from: row.from_addr,
    subject: row.subject,
    ts_ms: row.ts_ms,
    cursor: row.cursor,
  };
  if (row.to_addr !== null) summary.to = row.to_addr;
  return summary;
}

/**
 * Per-room queries: statistics kept at ingestion (counts by kind, pending requests), unread
 * counts from each message's position in its room, and pages of full messages read back from
 * the room file at the offsets the index keeps.
 *
 * @example
 * const rooms = new RoomQueries(db, '/coord');
 * rooms.stats('task/t1/plan').message_count;
 */
export class RoomQueries {
  private readonly root: string;
  private readonly cache: StatementCache;
  /** Filtered totals, recomputed only when the room has new messages. */
  private readonly totals = new Map<string, { items: number; total: number }>();

  constructor(db: Db, root: string) {
    this.root = root;
    this.cache = new StatementCache(db);
  }

  /**
   * Counts, kinds, last message and pending requests of a room (all zero for an unknown one).
   *
   * @example
   * rooms.stats('task/t1/plan'); // { message_count: 3, kinds: { request: 1, ... }, ... }
   */
  stats(roomKey: string): RoomStats {
    const file = this.roomFile(roomKey);
    if (!file) return { message_count: 0, kinds: {}, pending_requests: [], size_bytes: 0 };
    const kinds: Record<string, number> = {};
    for (const row of this.cache
      .get<[number], { kind: string; n: number }>(
        'SELECT kind, n FROM room_kinds WHERE file_id = ? ORDER BY kind',
      )
      .all(file.file_id)) {
      kinds[row.kind] = row.n;
    }
    const last = this.cache
      .get<[number], SummaryRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM messages WHERE file_id = ? ORDER BY cursor DESC LIMIT 1`,
      )
      .get(file.file_id);
    const pending = this.cache
      .get<[number, number], SummaryRow>(
        `SELECT m.id, m.kind, m.from_addr, m.to_addr, m.subject, m.ts_ms, m.cursor
         FROM pending p JOIN messages m ON m.file_id = p.file_id AND m.cursor = p.cursor
         WHERE p.file_id = ? ORDER BY p.cursor LIMIT ?`,
      )
      .all(file.file_id, MAX_PENDING_LISTED);
    const stats: RoomStats = {
      message_count: file.items,
      kinds,
      pending_requests: pending.map(toSummary),
      size_bytes: file.size,
    };
    if (last) stats.last_message = toSummary(last);
    return stats;
  }

  /**
   * Messages of the room after a consumer's cursor: the room's count minus the position of the
   * last message at or before the cursor (two index lookups, whatever the room's size).
   *
   * @example
   * rooms.unread('task/t1/plan', 0); // every message
   */
  unread(roomKey: string, cursor: number): number {
    const file = this.roomFile(roomKey);
    if (!file) return 0;
    const at = this.cache
      .get<[number, number], { seq: number }>(
        'SELECT seq FROM messages WHERE file_id = ? AND cursor <= ? ORDER BY cursor DESC LIMIT 1',
      )
      .get(file.file_id, cursor);
    return file.items - (at?.seq ?? 0);
  }

  /**
   * One page of a room's messages, oldest first. `after_cursor` and `before_cursor` are both
   * exclusive; with only `before_cursor` the page is the newest `limit` messages before it
   * (paging backwards). Filters match exactly (`to` is the flattened recipient). A line the
   * file no longer holds as indexed (rewritten since) is left out until the next sync.
   *
   * @example
   * rooms.messages({ room: 'task/t1/plan', limit: 50, filter: { kind: 'request' } });
   */
  messages(input: ParsedInput<'roomMessages'>): RequestOutput<'roomMessages'> {
    const empty = { messages: [], total: 0, has_more_before: false, has_more_after: false };
    const file = this.roomFile(input.room);
    if (!file) return empty;
    const { clause, params } = filterClause(input.filter);
    const base = `FROM messages WHERE file_id = ?${clause}`;
    const args = [file.file_id, ...params];
    const total = this.filteredTotal(file, clause, args, base);

    const backwards = input.before_cursor !== undefined && input.after_cursor === undefined;
    let rows: Array<{ cursor: number; len: number; id: string }>;
    if (backwards) {
      rows = this.cache
        .get<unknown[], { cursor: number; len: number; id: string }>(
          `SELECT cursor, len, id ${base} AND cursor < ? ORDER BY cursor DESC LIMIT ?`,
        )
        .all(...args, input.before_cursor, input.limit)
        .reverse();
    } else {
      const upper = input.before_cursor === undefined ? '' : ' AND cursor < ?';
      const bound = input.before_cursor === undefined ? [] : [input.before_cursor];
      rows = this.cache
        .get<unknown[], { cursor: number; len: number; id: string }>(
          `SELECT cursor, len, id ${base} AND cursor > ?${upper} ORDER BY cursor ASC LIMIT ?`,
        )
        .all(...args, input.after_cursor ?? -1, ...bound, input.limit);
    }
    const exists = (op: '<' | '>', cursor: number): boolean =>
      this.cache
        .get<unknown[], { one: number }>(`SELECT 1 AS one ${base} AND cursor ${op} ? LIMIT 1`)
        .get(...args, cursor) !== undefined;
    const first = rows[0];
    const last = rows[rows.length - 1];
    const hasBefore = first
      ? exists('<', first.cursor)
      : input.after_cursor !== undefined && exists('<', input.after_cursor + 1);
    const hasAfter = last
      ? exists('>', last.cursor)
      : input.before_cursor !== undefined && exists('>', input.before_cursor - 1);

    const texts = readLineSpans(
      path.join(this.root, file.path),
      rows.map((r) => ({ offset: r.cursor - r.len, len: r.len })),
    );
    const messages: RequestOutput<'roomMessages'>['messages'] = [];
    rows.forEach((row, i) => {
      const text = texts[i];
      if (text === undefined) return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return; // the file changed under the index: the next sync re-indexes it
      }
      const parsed = MessageSchema.safeParse(value);
      if (parsed.success && parsed.data.id === row.id) {
        messages.push({ cursor: row.cursor, message: parsed.data });
      }
    });
    return { messages, total, has_more_before: hasBefore, has_more_after: hasAfter };
  }

  /** The indexed file of a room, if any. */
  roomFile(roomKey: string): RoomFile | undefined {
    return this.cache
      .get<[string], RoomFile>('SELECT file_id, path, items, size FROM files WHERE room_key = ?')
      .get(roomKey);
  }

  private filteredTotal(file: RoomFile, clause: string, args: unknown[], base: string): number {
    if (clause === '') return file.items;
    const key = `${file.file_id}\u0000${JSON.stringify(args)}`;
    const cached = this.totals.get(key);
    if (cached && cached.items === file.items) return cached.total;
    const row = this.cache
      .get<unknown[], { n: number }>(`SELECT count(*) AS n ${base}`)
      .get(...args);
    const total = row?.n ?? 0;
    if (this.totals.size >= 256) this.totals.clear(); // a small cache; simplest bound
    this.totals.set(key, { items: file.items, total });
    return total;
  }
}

function filterClause(filter: RoomFilter): { clause: string; params: string[] } {
  let clause = '';
  const params: string[] = [];
  const add = (column: string, value: string | undefined): void => {
    if (value === undefined) return;
    clause += ` AND ${column} = ?`;
    params.push(value);
  };
  add('kind', filter.kind);
  add('from_addr', filter.from);
  add('to_addr', filter.to);
  add('thread_id', filter.thread_id);
  return { clause, params };
}
