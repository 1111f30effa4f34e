import fs from 'node:fs';
import Database from 'better-sqlite3';
import { configureConnection, type Db } from './schema.ts';

/** Bumped whenever the FTS tables change: an FTS file of another version is rebuilt. */
const FTS_VERSION = 2;

/**
 * The full-text half of the index, in its own file so that a second thread can write it while
 * the first writes the rest: SQLite allows one writer per database file, and tokenizing costs
 * as much as all the other inserts together (measured: bench/history-cold-index.ts).
 * Contentless (the text stays in the room files; search reads the hits' lines back for their
 * snippets): an external-content table would write every body again, 8x this file's size for
 * the same CPU. detail=none: no positions, so no phrase queries, which the query sanitiser never
 * emits. contentless_delete=1: a re-indexed file's messages can be deleted by rowid. Rowids are
 * the messages' own and never reused, so a message added twice (a re-send after a crash) only
 * duplicates identical postings.
 */
const FTS_DDL = `
CREATE TABLE IF NOT EXISTS fts_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
  subject, body, from_addr, kind,
  content='', contentless_delete=1, detail=none
);
`;

/** FTS5's default: merge once 4 segments of a level exist. */
const AUTOMERGE = 4;

/**
 * The FTS file beside an index file.
 *
 * @example
 * ftsDbPath('/data/history-3f2a.db'); // '/data/history-3f2a.fts.db'
 */
export function ftsDbPath(dbPath: string): string {
  return dbPath.replace(/\.db$/, '') + '.fts.db';
}

/**
 * Searchable text of a batch of messages, as parallel columns. Travels between threads as one
 * string plus lengths (one copy, instead of one structured-clone entry per string).
 */
export interface FtsBatch {
  rowids: number[];
  subjects: string[];
  bodies: string[];
  froms: string[];
  kinds: string[];
}

/** {@link FtsBatch} packed for postMessage: the text of every field back to back. */
export interface PackedFtsBatch {
  rowids: Float64Array;
  lengths: Int32Array;
  text: string;
}

/**
 * Pack a batch for another thread.
 *
 * @example
 * port.postMessage(packFtsBatch(batch));
 */
export function packFtsBatch(batch: FtsBatch): PackedFtsBatch {
  const n = batch.rowids.length;
  const lengths = new Int32Array(n * 4);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const fields = [batch.subjects[i], batch.bodies[i], batch.froms[i], batch.kinds[i]] as string[];
    for (let k = 0; k < 4; k++) {
      lengths[i * 4 + k] = (fields[k] as string).length;
      parts.push(fields[k] as string);
    }
  }
  return { rowids: Float64Array.from(batch.rowids), lengths, text: parts.join('') };
}

/**
 * Unpack a batch packed by {@link packFtsBatch}.
 *
 * @example
 * const batch = unpackFtsBatch(message.batch);
 */
export function unpackFtsBatch(packed: PackedFtsBatch): FtsBatch {
  const n = packed.rowids.length;
  const batch: FtsBatch = { rowids: [], subjects: [], bodies: [], froms: [], kinds: [] };
  const columns = [batch.subjects, batch.bodies, batch.froms, batch.kinds];
  let at = 0;
  for (let i = 0; i < n; i++) {
    batch.rowids.push(packed.rowids[i] as number);
    for (let k = 0; k < 4; k++) {
      const len = packed.lengths[i * 4 + k] as number;
      (columns[k] as string[]).push(packed.text.slice(at, at + len));
      at += len;
    }
  }
  return batch;
}

/**
 * Open (creating if needed) the FTS file of the index whose `meta.index_id` is `indexId`. A file
 * that cannot be opened, has another version or belongs to another index (the main file was
 * rebuilt) is replaced by an empty one, and `reset` says so: the caller then marks every
 * message as lacking its text (meta `fts_synced` = 0), and the ingestor re-reads the text from
 * the room files.
 *
 * @example
 * const { db, reset } = openFtsDb('/data/history-3f2a.fts.db', indexId);
 */
export function openFtsDb(file: string, indexId: string): { db: Db; reset: boolean } {
  const open = (): Db => {
    const db = new Database(file);
    configureConnection(db);
    return db;
  };
  const fresh = (): Db => {
    removeFiles(file);
    const db = open();
    db.transaction(() => {
      db.exec(FTS_DDL);
      db.pragma(`user_version = ${FTS_VERSION}`);
      db.prepare("INSERT INTO fts_meta(key, value) VALUES ('index_id', ?)").run(indexId);
    })();
    return db;
  };
  let db: Db | undefined;
  try {
    db = open();
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === FTS_VERSION) {
      const owner = db
        .prepare<[], { value: string }>("SELECT value FROM fts_meta WHERE key = 'index_id'")
        .get()?.value;
      if (owner === indexId) return { db, reset: false };
    }
    db.close();
    db = undefined;
    return { db: fresh(), reset: true };
  } catch (error) {
    db?.close();
    const code = (error as { code?: unknown }).code;
    if (code !== 'SQLITE_NOTADB' && code !== 'SQLITE_CORRUPT' && code !== 'SQLITE_ERROR') {
      throw error;
    }
    return { db: fresh(), reset: true };
  }
}

/**
 * The FTS file's writer: adds a batch's text in one transaction and removes messages' text.
 *
 * @example
 * const writer = new FtsWriter(openFtsDb(file, indexId).db);
 * writer.add(batch);
 */
export class FtsWriter {
  private readonly db: Db;
  private readonly addTx;
  private readonly removeTx;
  private readonly mergeOff;
  private readonly mergeOn;

  constructor(db: Db) {
    this.db = db;
    const insert = db.prepare<[number, string, string, string, string]>(
      'INSERT INTO docs_fts(rowid, subject, body, from_addr, kind) VALUES (?, ?, ?, ?, ?)',
    );
    const remove = db.prepare<[string]>(
      'DELETE FROM docs_fts WHERE rowid IN (SELECT value FROM json_each(?))',
    );
    this.addTx = db.transaction((batch: FtsBatch) => {
      for (let i = 0; i < batch.rowids.length; i++) {
        insert.run(
          batch.rowids[i] as number,
          batch.subjects[i] as string,
          batch.bodies[i] as string,
          batch.froms[i] as string,
          batch.kinds[i] as string,
        );
      }
    });
    // FTS5 takes a configuration value only as a literal (a bound one is "SQL logic error").
    const automerge = (n: number) =>
      db.prepare(`INSERT INTO docs_fts(docs_fts, rank) VALUES ('automerge', ${n})`);
    this.mergeOff = automerge(0);
    this.mergeOn = automerge(AUTOMERGE);
    this.removeTx = db.transaction((rowids: readonly number[]) => {
      remove.run(JSON.stringify(rowids));
    });
    // Out of bulk mode (a process that died in it left automerge off).
    this.mergeOn.run();
  }

  /** Add a batch's text. */
  add(batch: FtsBatch): void {
    if (batch.rowids.length > 0) this.addTx(batch);
  }

  /** Remove the text of these messages (their rows are gone from the index). */
  remove(rowids: readonly number[]): void {
    if (rowids.length > 0) this.removeTx(rowids);
  }

  /** Bulk mode (no fsync, rare checkpoints) during a cold index, or back to normal. */
  bulk(on: boolean): void {
    // In bulk, no merging after each transaction: the large cold-index transactions make few
    // segments, and crisis merges (16 on a level) still bound them; normal merging resumes after.
    (on ? this.mergeOff : this.mergeOn).run();
    this.db.pragma(on ? 'synchronous = OFF' : 'synchronous = NORMAL');
    this.db.pragma(on ? 'wal_autocheckpoint = 16384' : 'wal_autocheckpoint = 1000');
    if (!on) this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  close(): void {
    this.db.close();
  }
}

function removeFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}
