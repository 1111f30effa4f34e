import fs from 'node:fs';
import path from 'node:path';
import type { ParsedInput, RequestOutput } from '../../api/contract.ts';
import type { MessageSummary } from '../../api/views.ts';
import type { Diagnostic } from '../../files/diagnostic.ts';
import type { Checkpoint, RunRecord } from '../../runs/run-schema.ts';
import { agentActivity } from './agent-activity.ts';
import { auditEntries } from './audit-query.ts';
import { historyDbPath } from './db-path.ts';
import { localFtsSink } from './fts-sink.ts';
import { FtsWriter, ftsDbPath, openFtsDb } from './fts-store.ts';
import { inProcessBackend, workerBackend, type IngestBackend } from './ingest-backend.ts';
import { Ingestor } from './ingestor.ts';
import { RoomQueries, type RoomStats } from './room-queries.ts';
import { runCheckpoints, type AttemptSpan } from './run-checkpoints.ts';
import { openIndexDb, readMeta, writeMeta, type Db } from './schema.ts';
import { MessageSearch } from './search.ts';
import { StatementCache } from './statement-cache.ts';
import { timeline } from './timeline.ts';
import { TransitionLog, type RecordedTransition, type Transition } from './transition-log.ts';
import type { IndexProgress, SyncOptions, SyncResult, TransitionInput } from './types.ts';

export interface HistoryOptions {
  /** The monitor's own data directory (never inside `dir`). */
  dataDir: string;
  /** The coordination directory. */
  dir: string;
  /** Lines per transaction; default 5,000 in the worker, 2,000 in process. */
  batchLines?: number;
  /** Ingest in a worker thread (default) or on this thread between event-loop turns. */
  worker?: boolean;
  /** Every diagnostic of every sync, the cold index's included. */
  onDiagnostic?: (d: Diagnostic) => void;
}

/** The monitor's history index (issue 4): see docs/architecture.md "History index". */
export interface History {
  /** Where the index lives. */
  readonly dbPath: string;
  /**
   * Index a JSONL file's new bytes from its persisted offset (detects truncation/replacement).
   * Resolves once search finds the new messages too, unless `searchable: false`: then as soon
   * as they are counted and listed (the engine's live path, which must not wait for tokenizing).
   */
  syncFile(path: string, options?: SyncOptions): Promise<SyncResult>;
  /** Cold-index every JSONL file under the directory in the background, in batches. */
  indexAll(onProgress?: (p: IndexProgress) => void): Promise<void>;
  progress(): IndexProgress;
  /** Buffered, flushed in batches; visible to reads at once. */
  recordTransition(t: TransitionInput): void;
  /**
   * The last transition recorded for each key of these entities (one query): the state the
   * history holds, which the engine's start compares with what it finds.
   */
  lastTransitions(entities: readonly string[]): RecordedTransition[];
  roomStats(roomKey: string): RoomStats;
  /** Messages with cursor > the consumer's cursor. */
  unreadCount(roomKey: string, cursor: number): number;
  roomMessages(input: ParsedInput<'roomMessages'>): RequestOutput<'roomMessages'>;
  search(input: ParsedInput<'search'>): RequestOutput<'search'>;
  timeline(
    input: ParsedInput<'timeline'>,
    extra?: { attentionAt?: (t: number) => number },
  ): RequestOutput<'timeline'>;
  audit(input: ParsedInput<'audit'>): RequestOutput<'audit'>;
  /** With the run's record, checkpoints are fenced as the run reads them. */
  runCheckpoints(
    runId: string,
    record?: RunRecord,
  ): { checkpoints: Checkpoint[]; attempts: AttemptSpan[] };
  agentActivity(
    agentId: string,
    limit: number,
  ): { transitions: Transition[]; messages: Array<{ room: string; message: MessageSummary }> };
  /** Flush transitions, stop ingestion at the next batch boundary, close the database. */
  close(): Promise<void>;
}

/**
 * Open (or create) the history index of coordination directory `dir` in `dataDir`:
 * `<dataDir>/history-<hash of dir's real path>.db`, SQLite in WAL mode. Queries answer at once
 * from whatever is indexed; ingestion (syncFile, indexAll) runs in a worker thread that is the
 * only writer, batch by batch, so the caller's event loop never waits for it.
 *
 * @example
 * const history = openHistory({ dataDir: '/home/ana/.config/baton', dir: '/srv/coord' });
 * void history.indexAll((p) => status.indexing = p);
 * await history.syncFile('/srv/coord/rooms/task/t1/plan.jsonl');
 * history.roomStats('task/t1/plan').message_count;
 */
export function openHistory(options: HistoryOptions): History {
  const root = path.resolve(options.dir);
  const realRoot = realpathOr(root);
  const dbPath = historyDbPath(options.dataDir, root);
  const db: Db = openIndexDb(dbPath, realRoot);
  const ftsPath = ftsDbPath(dbPath);
  let fts: ReturnType<typeof openFtsDb>;
  try {
    fts = openFtsDb(ftsPath, readMeta(db, 'index_id') ?? '');
    // A new or replaced FTS file holds no text yet: the ingestor re-sends it from the room files.
    if (fts.reset) writeMeta(db, 'fts_synced', '0');
    db.prepare('ATTACH DATABASE ? AS fts').run(ftsPath);
  } catch (error) {
    db.close(); // the caller gets the error (the engine then runs without history)
    throw error;
  }
  const useWorker = options.worker ?? true;
  const batchLines = options.batchLines ?? (useWorker ? 5_000 : 2_000);
  let progress: IndexProgress = { done_bytes: 0, total_bytes: 0, complete: false };
  let listener: ((p: IndexProgress) => void) | undefined;
  const events = {
    onProgress: (p: IndexProgress) => {
      progress = p;
      listener?.(p);
    },
    onDiagnostic: (d: Diagnostic) => options.onDiagnostic?.(d),
  };
  let backend: IngestBackend;
  if (useWorker) {
    fts.db.close(); // the FTS worker writes it; this thread only reads it, attached
    db.pragma('cache_size = -8192'); // a reader: 8 MiB is plenty
    backend = workerBackend({ dbPath, ftsPath, root: realRoot, batchLines }, events);
  } else {
    const sink = localFtsSink(new FtsWriter(fts.db), (message) =>
      events.onDiagnostic({ path: ftsPath, reason: 'unreadable', message }),
    );
    const ingestor = new Ingestor({
      db,
      root: realRoot,
      batchLines,
      onDiagnostic: events.onDiagnostic,
      fts: sink,
    });
    backend = inProcessBackend(ingestor, sink, events);
  }
  const cache = new StatementCache(db);
  const rooms = new RoomQueries(db, realRoot);
  const search = new MessageSearch(db, realRoot);
  const transitions = new TransitionLog(db, (items) => backend.writeTransitions(items));
  let indexing: Promise<void> | undefined;
  let closing: Promise<void> | undefined;

  // Paths may come spelled with the directory as given, relative to it, or through a symlink:
  // the ingestor classifies them against the real path.
  const toReal = (file: string): string => {
    const abs = path.resolve(root, file);
    const rel = path.relative(root, abs);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return path.join(realRoot, rel);
    try {
      return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs; // a directory that no longer exists: the ingestor sees the file is gone
    }
  };

  return {
    dbPath,
    syncFile: (file, syncOptions) => {
      if (closing) return Promise.reject(new Error('history index is closed'));
      return backend.syncFile(toReal(file), syncOptions);
    },
    indexAll: (onProgress) => {
      if (onProgress) listener = onProgress;
      if (closing) return Promise.resolve();
      indexing ??= backend.indexAll().finally(() => {
        indexing = undefined;
      });
      return indexing;
    },
    progress: () => ({ ...progress }),
    recordTransition: (t) => transitions.record(t),
    lastTransitions: (entities) => transitions.latest(entities),
    roomStats: (roomKey) => rooms.stats(roomKey),
    unreadCount: (roomKey, cursor) => rooms.unread(roomKey, cursor),
    roomMessages: (input) => rooms.messages(input),
    search: (input) => search.search(input, progress.complete),
    timeline: (input, extra) => timeline(transitions, cache, input, extra),
    audit: (input) => auditEntries(cache, input),
    runCheckpoints: (runId, record) => runCheckpoints(cache, runId, record),
    agentActivity: (agentId, limit) => agentActivity(cache, transitions, agentId, limit),
    close: () => {
      closing ??= (async () => {
        await transitions.close();
        await backend.close();
        db.close();
      })();
      return closing;
    },
  };
}

function realpathOr(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}
