import type { Statement } from 'better-sqlite3';
import type { Db } from './schema.ts';

/**
 * Prepared statements by SQL text: queries built from a fixed set of clauses (filters) are
 * prepared once per shape instead of once per call.
 *
 * @example
 * const cache = new StatementCache(db);
 * cache.get<[number], { n: number }>('SELECT count(*) AS n FROM messages WHERE file_id = ?').get(1);
 */
export class StatementCache {
  private readonly db: Db;
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();

  constructor(db: Db) {
    this.db = db;
  }

  get<P extends unknown[], R>(sql: string): Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, statement);
    }
    return statement as unknown as Statement<P, R>;
  }
}
