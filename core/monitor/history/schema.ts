import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Bumped whenever the tables change: an index of another version is rebuilt from the files. */
export const SCHEMA_VERSION = 3;

/**
 * The history index's tables. Rows point back into the coordination directory's files by
 * `file_id` and byte offsets; full room messages are read back from the room file (the file is
 * the truth, the index only finds lines), so the database stays a fraction of the data's size.
 */
const DDL = `
-- dir: the directory's real path; index_id: this index's identity (the FTS file must carry
-- the same); next_rowid; fts_synced: every message up to this rowid has its text in the FTS
-- file; unsynced_boot_ms: set while a cold index writes without fsync.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- One row per indexed JSONL file: how far it is indexed, and what it was when we read it.
CREATE TABLE IF NOT EXISTS files (
  file_id   INTEGER PRIMARY KEY,
  path      TEXT NOT NULL UNIQUE,      -- relative to the coordination directory, '/'-separated
  kind      TEXT NOT NULL,             -- room | checkpoints | lifecycle | operator
  room_key  TEXT UNIQUE,               -- scope/scope_id/room, for room files
  run_id    TEXT,                      -- for checkpoint logs
  offset    INTEGER NOT NULL DEFAULT 0,-- bytes indexed: the next sync reads from here
  size      INTEGER NOT NULL DEFAULT 0,-- file size at the last sync
  identity  TEXT,                      -- 'dev:ino' when last read
  head_len  INTEGER NOT NULL DEFAULT 0,-- bytes covered by head_hash (up to 4 KiB)
  head_hash TEXT,                      -- sha1 of the first head_len bytes
  lines     INTEGER NOT NULL DEFAULT 0,-- complete lines read, good or bad
  items     INTEGER NOT NULL DEFAULT 0 -- records indexed (for rooms: the last message's seq)
);
CREATE INDEX IF NOT EXISTS files_run ON files(run_id) WHERE run_id IS NOT NULL;

-- rowids are assigned by the ingestor from meta 'next_rowid' and never reused (the FTS file
-- refers to messages by rowid, and may lag behind a deletion).
CREATE TABLE IF NOT EXISTS messages (
  rowid     INTEGER PRIMARY KEY,
  file_id   INTEGER NOT NULL,
  seq       INTEGER NOT NULL,          -- 1-based position in its room: unread counts in O(log n)
  cursor    INTEGER NOT NULL,          -- byte offset just past the line
  len       INTEGER NOT NULL,          -- line bytes, newline included (offset = cursor - len)
  id        TEXT NOT NULL,
  kind      TEXT NOT NULL,
  from_addr TEXT NOT NULL,
  to_addr   TEXT,
  subject   TEXT NOT NULL,             -- the body is only in the FTS file (fts-store.ts)
  ts_ms     INTEGER NOT NULL,
  reply_to  TEXT,
  thread_id TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_cursor ON messages(file_id, cursor);
CREATE INDEX IF NOT EXISTS messages_reply ON messages(file_id, reply_to) WHERE reply_to IS NOT NULL;
-- (from_addr, rowid): appended at one point per sender, unlike an index on ts_ms, which every
-- room inserts into all over (measured: the costliest index of the cold index at 1 GB).
CREATE INDEX IF NOT EXISTS messages_from ON messages(from_addr);

-- Messages per second of ts_ms and file, maintained at ingestion, for the timeline's buckets.
CREATE TABLE IF NOT EXISTS msg_seconds (
  sec INTEGER NOT NULL, file_id INTEGER NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (sec, file_id)
) WITHOUT ROWID;

-- Per-room counts by kind, maintained at ingestion (roomStats never scans a room).
CREATE TABLE IF NOT EXISTS room_kinds (
  file_id INTEGER NOT NULL, kind TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (file_id, kind)
) WITHOUT ROWID;

-- Requests no message of their room has replied to yet, maintained at ingestion.
CREATE TABLE IF NOT EXISTS pending (
  file_id INTEGER NOT NULL, id TEXT NOT NULL, cursor INTEGER NOT NULL,
  PRIMARY KEY (file_id, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pending_cursor ON pending(file_id, cursor);

CREATE TABLE IF NOT EXISTS checkpoints (
  file_id INTEGER NOT NULL,
  cursor  INTEGER NOT NULL,
  offset  INTEGER NOT NULL,
  json    TEXT NOT NULL,
  PRIMARY KEY (file_id, cursor)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS audit (
  file_id INTEGER NOT NULL,
  cursor  INTEGER NOT NULL,
  source  TEXT NOT NULL,               -- operator | lifecycle
  ts_ms   INTEGER NOT NULL,
  json    TEXT NOT NULL,
  PRIMARY KEY (file_id, cursor)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS audit_ts ON audit(source, ts_ms);

-- State transitions the engine records (lease acquired/renewed/released/stale, agent
-- crashed/recovered/gone, run status...). src+n identify a transition its writer still holds
-- in memory, so reads can merge unflushed ones without counting any twice.
CREATE TABLE IF NOT EXISTS transitions (
  tseq   INTEGER PRIMARY KEY,
  ts_ms  INTEGER NOT NULL,
  entity TEXT NOT NULL,
  key    TEXT NOT NULL,
  kind   TEXT NOT NULL,
  detail TEXT,
  agent  TEXT,
  src    TEXT NOT NULL,
  n      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS transitions_ts ON transitions(ts_ms);
CREATE INDEX IF NOT EXISTS transitions_entity ON transitions(entity, key, ts_ms);
CREATE INDEX IF NOT EXISTS transitions_src ON transitions(src, n);
CREATE INDEX IF NOT EXISTS transitions_agent ON transitions(agent, ts_ms) WHERE agent IS NOT NULL;
`;

export type Db = Database.Database;

/**
 * Set the per-connection pragmas: WAL (readers never block the writer and vice versa),
 * synchronous=NORMAL (durable at checkpoints; a power cut can lose the last transactions,
 * which the next sync re-reads from the files), the page cache (16 MiB by default), a busy
 * timeout for a second monitor on the same index.
 *
 * @example
 * configureConnection(db);
 */
export function configureConnection(
  db: Db,
  options: { busyMs?: number; cacheMiB?: number } = {},
): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  // Writers want a cache that holds the B-tree pages they keep appending to; three connections
  // (reader, ingest, FTS) must stay inside the monitor's memory budget (300 MB, bench).
  db.pragma(`cache_size = -${(options.cacheMiB ?? 16) * 1024}`);
  db.pragma(`busy_timeout = ${options.busyMs ?? 5000}`);
}

/**
 * Open (creating if needed) the index at `file` for coordination directory `realDir`. An
 * index that cannot be opened, is not a database, or has another schema version is moved
 * aside (`.corrupt-<time>`) or dropped and rebuilt: it is a cache of the files, never the truth.
 *
 * @example
 * const db = openIndexDb('/data/history-3f2a.db', '/srv/coord');
 */
export function openIndexDb(file: string, realDir: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Db | undefined;
  try {
    db = new Database(file);
    configureConnection(db);
    const version = db.pragma('user_version', { simple: true }) as number;
    if ((version !== 0 && version !== SCHEMA_VERSION) || rebootedWhileUnsynced(db)) {
      db.close();
      db = undefined;
      removeDbFiles(file);
      db = new Database(file);
      configureConnection(db);
    }
    initialise(db, realDir);
    return db;
  } catch (error) {
    db?.close();
    if (!isCorruption(error)) throw error;
    // Unreadable as a database: keep the bad file for inspection and start afresh.
    const aside = `${file}.corrupt-${Date.now()}`;
    fs.renameSync(file, aside);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    const fresh = new Database(file);
    configureConnection(fresh);
    initialise(fresh, realDir);
    return fresh;
  }
}

function initialise(db: Db, realDir: string): void {
  // One transaction: one commit for the whole schema instead of one per statement.
  db.transaction(() => {
    db.exec(DDL);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    const set = db.prepare<[string, string]>(
      'INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)',
    );
    set.run('dir', realDir);
    if (readMeta(db, 'index_id') === undefined) {
      set.run('index_id', crypto.randomBytes(8).toString('hex'));
    }
  })();
}

/**
 * One value of the index's `meta` table.
 *
 * @example
 * readMeta(db, 'index_id'); // '9f2c...'
 */
export function readMeta(db: Db, key: string): string | undefined {
  return db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)
    ?.value;
}

/**
 * Set one value of the index's `meta` table.
 *
 * @example
 * writeMeta(db, 'fts_synced', '0');
 */
export function writeMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(key, value);
}

/**
 * This machine's boot time, in ms (to the second or so).
 *
 * @example
 * bootTimeMs(); // 1763800000000
 */
export function bootTimeMs(): number {
  return Date.now() - os.uptime() * 1000;
}

/**
 * A cold index writes with synchronous=OFF (see Ingestor.indexAll) and marks the database with
 * the boot time until it has synced. A process crash loses nothing then; only an operating
 * system crash or power cut can corrupt it, and after one the boot time differs: rebuild.
 */
function rebootedWhileUnsynced(db: Db): boolean {
  let row: { value: string } | undefined;
  try {
    row = db
      .prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'unsynced_boot_ms'")
      .get();
  } catch {
    return false; // no meta table yet: a new index
  }
  return row !== undefined && Math.abs(Number(row.value) - bootTimeMs()) > 120_000;
}

function removeDbFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}
