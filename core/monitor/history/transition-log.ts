import crypto from 'node:crypto';
import type { Db } from './schema.ts';
import { StatementCache } from './statement-cache.ts';
import type { StoredTransition, TransitionInput } from './types.ts';

/** A transition as the contract shows it. */
export interface Transition {
  ts_ms: number;
  entity: string;
  key: string;
  kind: string;
  detail?: string;
}

/** A transition with the agent it names besides its own key (a lease's holder, a run's worker). */
export interface RecordedTransition extends Transition {
  agent?: string;
}

interface TransitionRow {
  tseq: number;
  ts_ms: number;
  entity: string;
  key: string;
  kind: string;
  detail: string | null;
  agent: string | null;
  src: string;
  n: number;
}

/** Flush buffered transitions this often, or as soon as this many are waiting. */
const FLUSH_MS = 200;
const FLUSH_COUNT = 1000;

/**
 * The engine's state transitions: buffered in memory and written in batches (through the
 * ingest writer, so the index keeps one writer), yet visible to reads at once: every read
 * merges the transitions not yet confirmed written, and drops those the database already
 * holds (each carries this instance's id and a sequence number, stored with it).
 *
 * @example
 * const log = new TransitionLog(db, (items) => backend.writeTransitions(items));
 * log.record({ ts_ms: Date.now(), entity: 'lease', key: 'locks/a.lock.d', kind: 'lease.acquired' });
 * log.range(0, Date.now()); // includes it, written or not
 */
export class TransitionLog {
  private readonly db: Db;
  private readonly cache: StatementCache;
  private readonly write: (items: StoredTransition[]) => Promise<void>;
  private readonly src = crypto.randomBytes(6).toString('hex');
  private n = 0;
  /** Recorded and not yet known to be in the database, oldest first. */
  private pending: StoredTransition[] = [];
  private unsent: StoredTransition[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> = Promise.resolve();

  constructor(db: Db, write: (items: StoredTransition[]) => Promise<void>) {
    this.db = db;
    this.cache = new StatementCache(db);
    this.write = write;
  }

  /** Buffer one transition; it is written within {@link FLUSH_MS} ms. */
  record(t: TransitionInput): void {
    const stored: StoredTransition = { ...t, src: this.src, n: ++this.n };
    this.pending.push(stored);
    this.unsent.push(stored);
    if (this.unsent.length >= FLUSH_COUNT) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Send what is buffered; resolves once it is written (or the write failed and was re-queued). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.unsent;
    this.unsent = [];
    if (items.length === 0) return this.inflight;
    this.inflight = this.inflight.then(() =>
      this.write(items).then(
        () => this.confirm(items),
        () => {
          // The writer is busy or gone: keep them readable, try again with the next flush.
          this.unsent = [...items, ...this.unsent];
        },
      ),
    );
    return this.inflight;
  }

  /**
   * Call `visit` for every transition with `from <= ts_ms < to`, oldest first, optionally only
   * of some entities. Streams from the database (a busy fleet records millions of renewals).
   *
   * @example
   * log.each(t0, t1, ['lease', 'agent'], (t) => replay(t));
   */
  each(
    from: number,
    to: number,
    entities: readonly string[] | undefined,
    visit: (t: Transition) => void,
  ): void {
    this.snapshot(() => this.eachIn(from, to, entities, visit));
  }

  private eachIn(
    from: number,
    to: number,
    entities: readonly string[] | undefined,
    visit: (t: Transition) => void,
  ): void {
    const where = entities ? ` AND entity IN (${entities.map(() => '?').join(', ')})` : '';
    const extra = this.unconfirmed()
      .filter((t) => t.ts_ms >= from && t.ts_ms < to && (!entities || entities.includes(t.entity)))
      .sort((a, b) => a.ts_ms - b.ts_ms);
    let j = 0;
    for (const row of this.cache
      .get<unknown[], TransitionRow>(
        `SELECT * FROM transitions WHERE ts_ms >= ? AND ts_ms < ?${where} ORDER BY ts_ms, tseq`,
      )
      .iterate(from, to, ...(entities ?? []))) {
      while (j < extra.length && (extra[j] as StoredTransition).ts_ms < row.ts_ms) {
        visit(toTransition(extra[j++] as StoredTransition));
      }
      visit(toTransition(row));
    }
    while (j < extra.length) visit(toTransition(extra[j++] as StoredTransition));
  }

  /**
   * The last transition of every key of `entities` before `before` (the state at that time).
   *
   * @example
   * log.lastBefore(t0, ['lease']); // [{ entity: 'lease', key, kind: 'lease.acquired', ... }]
   */
  lastBefore(before: number, entities: readonly string[]): Transition[] {
    return this.snapshot(() => this.lastBeforeIn(before, entities));
  }

  private lastBeforeIn(before: number, entities: readonly string[]): Transition[] {
    return this.lastIn(before, entities, toTransition);
  }

  /**
   * The last transition recorded for every key of `entities`, with the agent it names (a
   * lease's holder): what the history believes each entity's state is. One query for all keys,
   * so a monitor starting on 10,000 leases compares them with the history at once.
   *
   * @example
   * log.latest(['lease', 'agent']); // [{ entity: 'lease', key, kind: 'lease.acquired', agent: 'bob', ... }]
   */
  latest(entities: readonly string[]): RecordedTransition[] {
    return this.snapshot(() => this.lastIn(Number.MAX_SAFE_INTEGER, entities, toRecorded));
  }

  private lastIn<T extends Transition>(
    before: number,
    entities: readonly string[],
    convert: (row: TransitionRow | StoredTransition) => T,
  ): T[] {
    const rows = this.cache
      .get<unknown[], TransitionRow>(
        `SELECT tseq, max(ts_ms) AS ts_ms, entity, key, kind, detail, agent, src, n FROM transitions
         WHERE ts_ms < ? AND entity IN (${entities.map(() => '?').join(', ')}) GROUP BY entity, key`,
      )
      .all(before, ...entities);
    const last = new Map<string, T>();
    for (const row of rows) last.set(`${row.entity}\u0000${row.key}`, convert(row));
    for (const t of this.unconfirmed()) {
      if (t.ts_ms >= before || !entities.includes(t.entity)) continue;
      const id = `${t.entity}\u0000${t.key}`;
      const known = last.get(id);
      if (!known || known.ts_ms <= t.ts_ms) last.set(id, convert(t));
    }
    return [...last.values()];
  }

  /**
   * Newest first: transitions of agent `agentId` itself and those naming it as their agent.
   *
   * @example
   * log.forAgent('builder-1', 100);
   */
  forAgent(agentId: string, limit: number): Transition[] {
    return this.snapshot(() => this.forAgentIn(agentId, limit));
  }

  private forAgentIn(agentId: string, limit: number): Transition[] {
    const rows = this.cache
      .get<unknown[], TransitionRow>(
        `SELECT * FROM (
           SELECT * FROM transitions WHERE entity = 'agent' AND key = ?
           UNION SELECT * FROM transitions WHERE agent = ?
         ) ORDER BY ts_ms DESC, tseq DESC LIMIT ?`,
      )
      .all(agentId, agentId, limit);
    const extra = this.unconfirmed().filter(
      (t) => (t.entity === 'agent' && t.key === agentId) || t.agent === agentId,
    );
    return mergeByTime(rows.reverse().map(toTransition), extra.map(toTransition))
      .reverse()
      .slice(0, limit);
  }

  /** Stop the flush timer and write what is buffered. */
  async close(): Promise<void> {
    await this.flush();
  }

  private confirm(items: readonly StoredTransition[]): void {
    const done = new Set(items);
    this.pending = this.pending.filter((t) => !done.has(t));
  }

  /** Run reads in one read transaction: the pending list and the rows are of the same moment. */
  private snapshot<T>(read: () => T): T {
    return this.db.transaction(read)();
  }

  /** Pending transitions the database does not hold yet (by this instance's id and number). */
  private unconfirmed(): StoredTransition[] {
    if (this.pending.length === 0) return [];
    const lo = (this.pending[0] as StoredTransition).n;
    const stored = new Set(
      this.cache
        .get<[string, number], { n: number }>('SELECT n FROM transitions WHERE src = ? AND n >= ?')
        .all(this.src, lo)
        .map((r) => r.n),
    );
    if (stored.size > 0) this.pending = this.pending.filter((t) => !stored.has(t.n));
    return this.pending;
  }
}

function toTransition(row: {
  ts_ms: number;
  entity: string;
  key: string;
  kind: string;
  detail?: string | null | undefined;
}): Transition {
  const t: Transition = { ts_ms: row.ts_ms, entity: row.entity, key: row.key, kind: row.kind };
  if (row.detail !== null && row.detail !== undefined) t.detail = row.detail;
  return t;
}

function toRecorded(row: TransitionRow | StoredTransition): RecordedTransition {
  const t: RecordedTransition = toTransition(row);
  if (row.agent !== null && row.agent !== undefined) t.agent = row.agent;
  return t;
}

/** Merge two lists sorted by time (stable: on a tie, `a` first). */
function mergeByTime(a: Transition[], b: Transition[]): Transition[] {
  if (b.length === 0) return a;
  const sortedB = [...b].sort((x, y) => x.ts_ms - y.ts_ms);
  const out: Transition[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < sortedB.length) {
    const x = a[i];
    const y = sortedB[j];
    if (y === undefined || (x !== undefined && x.ts_ms <= y.ts_ms)) {
      out.push(x as Transition);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}
