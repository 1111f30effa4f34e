import path from 'node:path';
import type { ParsedInput, RequestOutput } from '../../api/contract.ts';
import { ftsQuery, queryTerms } from './fts-query.ts';
import { parseRoomLine } from './message-fields.ts';
import { readLineSpans } from './read-lines.ts';
import { toSummary, type SummaryRow } from './room-queries.ts';
import type { Db } from './schema.ts';
import { snippet } from './snippet.ts';
import { StatementCache } from './statement-cache.ts';

export { SNIPPET_CLOSE, SNIPPET_OPEN } from './snippet.ts';

type HitRow = SummaryRow & { room: string; path: string; len: number };

/**
 * Full-text search over room messages (subject, body, sender and kind) with FTS5, in the FTS
 * file attached as `fts` (fts-store.ts). Newest indexed first: ordering by rowid lets FTS5 stop
 * after `limit` hits, where ranking by bm25 would score every match (a common word matches
 * millions of messages). Snippets are cut from the hits' lines, read back from the room files.
 * Whatever the operator types is sanitised ({@link ftsQuery}); a query FTS5 still rejects
 * yields no hits, never an exception.
 *
 * @example
 * new MessageSearch(db, '/coord').search({ query: 'lease conflict', limit: 50 }, true);
 */
export class MessageSearch {
  private readonly cache: StatementCache;
  private readonly root: string;

  constructor(db: Db, root: string) {
    this.cache = new StatementCache(db);
    this.root = root;
  }

  search(input: ParsedInput<'search'>, indexedComplete: boolean): RequestOutput<'search'> {
    const match = ftsQuery(input.query);
    if (match === undefined) return { hits: [], indexed_complete: indexedComplete };
    const roomClause = input.room === undefined ? '' : ' AND f.room_key = ?';
    const sql = `SELECT f.room_key AS room, f.path, m.id, m.kind, m.from_addr, m.to_addr, m.subject,
        m.ts_ms, m.cursor, m.len
      FROM fts.docs_fts
      JOIN main.messages m ON m.rowid = docs_fts.rowid
      JOIN main.files f ON f.file_id = m.file_id
      WHERE docs_fts MATCH ?${roomClause}
      ORDER BY docs_fts.rowid DESC LIMIT ?`;
    const params: unknown[] = input.room === undefined ? [match] : [match, input.room];
    let rows: HitRow[];
    try {
      rows = this.cache.get<unknown[], HitRow>(sql).all(...params, input.limit);
    } catch {
      rows = []; // a query FTS5 refuses finds nothing; the operator sees no hits, not an error
    }
    const terms = queryTerms(input.query);
    const bodies = this.bodies(rows);
    return {
      hits: rows.map((row, i) => ({
        room: row.room,
        cursor: row.cursor,
        message: toSummary(row),
        snippet: snippet([row.subject, bodies[i] ?? ''], terms),
      })),
      indexed_complete: indexedComplete,
    };
  }

  /** The hits' bodies, from their room lines (one read per file for nearby lines). */
  private bodies(rows: readonly HitRow[]): Array<string | undefined> {
    const out: Array<string | undefined> = rows.map(() => undefined);
    const byFile = new Map<string, number[]>();
    rows.forEach((row, i) => {
      const list = byFile.get(row.path) ?? [];
      list.push(i);
      byFile.set(row.path, list);
    });
    for (const [rel, indexes] of byFile) {
      const texts = readLineSpans(
        path.join(this.root, rel),
        indexes.map((i) => ({
          offset: (rows[i] as HitRow).cursor - (rows[i] as HitRow).len,
          len: (rows[i] as HitRow).len,
        })),
      );
      indexes.forEach((i, k) => {
        const fields = parseRoomLine(texts[k]);
        if (fields && fields.id === (rows[i] as HitRow).id) out[i] = fields.body;
      });
    }
    return out;
  }
}
