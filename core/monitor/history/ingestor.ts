import fs from 'node:fs';
import path from 'node:path';
import { LifecycleEntrySchema, OperatorEntrySchema } from '../../audit/audit-schema.ts';
import { hasErrnoCode } from '../../errors.ts';
import { danglingLinkDiagnostic } from '../../files/dangling-link.ts';
import type { Diagnostic } from '../../files/diagnostic.ts';
import { CheckpointSchema } from '../../runs/run-schema.ts';
import { classifyPath, type ClassifiedPath } from './classify-path.ts';
import { changeReason, fileIdentity, HEAD_BYTES, headHash } from './file-identity.ts';
import type { FtsSink } from './fts-sink.ts';
import type { FtsBatch } from './fts-store.ts';
import { LineReader } from './line-reader.ts';
import { messageFields, parseRoomLine } from './message-fields.ts';
import { readLineSpans } from './read-lines.ts';
import { bootTimeMs, type Db } from './schema.ts';
import type { IndexProgress, StoredTransition, SyncOptions, SyncResult } from './types.ts';
import { walkHistoryFiles, type FoundFile } from './walk-files.ts';

export interface IngestorOptions {
  db: Db;
  /** The coordination directory, resolved. */
  root: string;
  /** Lines per transaction (and between two yields to the event loop). */
  batchLines: number;
  /** Every diagnostic of every sync, including those of the cold index. */
  onDiagnostic?: (d: Diagnostic) => void;
  /** Where messages' searchable text goes (the FTS file, written by its own thread). */
  fts: FtsSink;
}

/** A file's indexing state while a sync runs (the `files` row, kept in step with it). */
interface FileState {
  file_id: number;
  fd: number;
  offset: number;
  size: number;
  identity: string;
  lines: number;
  items: number;
  head_len: number;
  head_hash: string | null;
}

interface FileRow {
  file_id: number;
  offset: number;
  size: number;
  identity: string | null;
  head_len: number;
  head_hash: string | null;
  lines: number;
  items: number;
}

/**
 * What a sync does with its batches' text: send it to the FTS writer and wait until it is
 * searchable (`wait`), send it and go on (`send`), or gather it for a larger FTS transaction
 * (`gather`, the cold index, which flushes it when it ends).
 */
type TextHandling = 'wait' | 'send' | 'gather';

/** A batch lost a race with another writer of the same index (a second monitor). */
const CONFLICT = -1;
const PROGRESS_EVERY_MS = 100;
/** Diagnostics listed per sync; the rest are counted in one more. */
const MAX_DIAGNOSTICS_PER_SYNC = 100;
/** A batch also ends after this many bytes: its text is held in memory until the FTS write. */
const BATCH_BYTES = 8 * 1024 * 1024;
/** Batches of text in flight to the FTS writer before ingestion waits for it. */
const MAX_FTS_BACKLOG = 2;
/**
 * During a cold index, text of consecutive batches (most room files are one small batch) is sent
 * to the FTS writer together once it reaches this many messages or characters: FTS5 writes a
 * segment per transaction and merges them, so few large transactions cost far less per message.
 */
const COLD_FTS_DOCS = 8000;
const COLD_FTS_CHARS = 4 * 1024 * 1024;
/** Messages whose text is re-read from the room files per catch-up step. */
const CATCH_UP_ROWS = 5000;

/**
 * The write side of the history index: reads new bytes of JSONL files from their persisted
 * offsets and indexes them, one transaction per batch of lines, yielding to the event loop
 * between batches. Runs wherever its connection lives (the ingest worker, or in process).
 * Syncs of one file are serialised; syncs of different files interleave batch by batch.
 *
 * Messages' text goes to the FTS file through `fts` once their rows are committed; rowids are
 * never reused, and meta `fts_synced` records up to which rowid the FTS file is known to hold
 * every message, so a start after a crash re-sends (from the room files) only what it lacks.
 *
 * @example
 * const ingestor = new Ingestor({ db, root: '/coord', batchLines: 5000, fts: sink });
 * await ingestor.syncFile('/coord/rooms/task/t1/plan.jsonl');
 */
export class Ingestor {
  private readonly db: Db;
  private readonly root: string;
  private readonly batchLines: number;
  private readonly onDiagnostic: ((d: Diagnostic) => void) | undefined;
  private readonly fts: FtsSink;
  /** Every message up to this rowid has its text in the FTS file. */
  private ftsMark: number;
  /** Highest rowid whose text the FTS writer has applied (batches are applied in order). */
  private ftsApplied = 0;
  private catchingUp = false;
  /** Text of the cold index's committed batches not yet sent to the FTS writer. */
  private coldDocs: { docs: FtsBatch; chars: number } | undefined;
  /** The background re-send of text the FTS file lacks (see catchUpFts). */
  private readonly catchUp: Promise<void>;
  private persistedMark: number;
  private readonly locks = new Map<string, Promise<unknown>>();
  private indexing: Promise<void> | undefined;
  private closing = false;
  private readonly running = new Set<Promise<unknown>>();
  private readonly stmt;
  private readonly roomBatch;
  private readonly recordBatch;
  private readonly resetFile;
  private readonly insertTransitions;

  constructor(options: IngestorOptions) {
    this.db = options.db;
    this.root = options.root;
    this.batchLines = Math.max(1, Math.floor(options.batchLines));
    this.onDiagnostic = options.onDiagnostic;
    this.fts = options.fts;
    const db = this.db;
    this.stmt = {
      fileByPath: db.prepare<[string], FileRow>(
        'SELECT file_id, offset, size, identity, head_len, head_hash, lines, items FROM files WHERE path = ?',
      ),
      fileOffset: db.prepare<[number], { offset: number; items: number }>(
        'SELECT offset, items FROM files WHERE file_id = ?',
      ),
      insertFile: db.prepare<[string, string, string | null, string | null]>(
        'INSERT INTO files(path, kind, room_key, run_id) VALUES (?, ?, ?, ?)',
      ),
      allPaths: db.prepare<[], { path: string }>('SELECT path FROM files'),
      setMeta: db.prepare<[string, string]>(
        'INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)',
      ),
      deleteMeta: db.prepare<[string]>('DELETE FROM meta WHERE key = ?'),
      updateFile: db.prepare<
        [number, number, string, number, number, number, string | null, number]
      >(
        'UPDATE files SET offset = ?, size = ?, identity = ?, lines = ?, items = ?, head_len = ?, head_hash = ? WHERE file_id = ?',
      ),
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      maxRowid: db.prepare<[], { m: number | null }>('SELECT max(rowid) AS m FROM messages'),
      rowidsOfFile: db
        .prepare<[number], number>('SELECT rowid FROM messages WHERE file_id = ?')
        .pluck(),
      unsynced: db.prepare<
        [number, number, number],
        { rowid: number; file_id: number; cursor: number; len: number; id: string }
      >(
        'SELECT rowid, file_id, cursor, len, id FROM messages WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?',
      ),
      pathOf: db.prepare<[number], { path: string }>('SELECT path FROM files WHERE file_id = ?'),
      insertMessage: db.prepare<
        [
          number,
          number,
          number,
          number,
          number,
          string,
          string,
          string,
          string | null,
          string,
          number,
          string | null,
          string | null,
        ]
      >(
        `INSERT INTO messages(rowid, file_id, seq, cursor, len, id, kind, from_addr, to_addr, subject, ts_ms, reply_to, thread_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      upsertKind: db.prepare<[number, string, number]>(
        `INSERT INTO room_kinds(file_id, kind, n) VALUES (?, ?, ?)
         ON CONFLICT(file_id, kind) DO UPDATE SET n = n + excluded.n`,
      ),
      replyExists: db.prepare<[number, string], { one: number }>(
        'SELECT 1 AS one FROM messages WHERE file_id = ? AND reply_to = ? LIMIT 1',
      ),
      insertPending: db.prepare<[number, string, number]>(
        'INSERT OR IGNORE INTO pending(file_id, id, cursor) VALUES (?, ?, ?)',
      ),
      deletePending: db.prepare<[number, string]>(
        'DELETE FROM pending WHERE file_id = ? AND id = ?',
      ),
      insertCheckpoint: db.prepare<[number, number, number, string]>(
        'INSERT INTO checkpoints(file_id, cursor, offset, json) VALUES (?, ?, ?, ?)',
      ),
      insertAudit: db.prepare<[number, number, string, number, string]>(
        'INSERT INTO audit(file_id, cursor, source, ts_ms, json) VALUES (?, ?, ?, ?, ?)',
      ),
      deleteMessages: db.prepare<[number]>('DELETE FROM messages WHERE file_id = ?'),
      deleteKinds: db.prepare<[number]>('DELETE FROM room_kinds WHERE file_id = ?'),
      upsertSecond: db.prepare<[number, number, number]>(
        `INSERT INTO msg_seconds(sec, file_id, n) VALUES (?, ?, ?)
         ON CONFLICT(sec, file_id) DO UPDATE SET n = n + excluded.n`,
      ),
      deleteSeconds: db.prepare<[number]>('DELETE FROM msg_seconds WHERE file_id = ?'),
      deletePendingFile: db.prepare<[number]>('DELETE FROM pending WHERE file_id = ?'),
      deleteCheckpoints: db.prepare<[number]>('DELETE FROM checkpoints WHERE file_id = ?'),
      deleteAudit: db.prepare<[number]>('DELETE FROM audit WHERE file_id = ?'),
      resetFileRow: db.prepare<[number]>(
        'UPDATE files SET offset = 0, size = 0, identity = NULL, lines = 0, items = 0, head_len = 0, head_hash = NULL WHERE file_id = ?',
      ),
      deleteFileRow: db.prepare<[number]>('DELETE FROM files WHERE file_id = ?'),
      insertTransition: db.prepare<
        [number, string, string, string, string | null, string | null, string, number]
      >(
        'INSERT INTO transitions(ts_ms, entity, key, kind, detail, agent, src, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
    };

    this.resetFile = db.transaction((fileId: number, remove: boolean): number[] => {
      const s = this.stmt;
      const rowids = s.rowidsOfFile.all(fileId);
      s.deleteMessages.run(fileId);
      s.deleteKinds.run(fileId);
      s.deleteSeconds.run(fileId);
      s.deletePendingFile.run(fileId);
      s.deleteCheckpoints.run(fileId);
      s.deleteAudit.run(fileId);
      if (remove) s.deleteFileRow.run(fileId);
      else s.resetFileRow.run(fileId);
      return rowids;
    });

    this.roomBatch = db.transaction(
      (
        st: FileState,
        reader: LineReader,
        docs: FtsBatch,
        report: (d: Diagnostic) => void,
      ): number => {
        const s = this.stmt;
        if (!this.stillOurs(st)) return CONFLICT;
        let rowid = this.nextRowid();
        const kinds = new Map<string, number>();
        const seconds = new Map<number, number>();
        const fileId = st.file_id;
        const n = reader.read(
          this.batchLines,
          (value, offset, end) => {
            const f = messageFields(value);
            if ('problem' in f) {
              report({
                path: reader.file,
                offset,
                reason: f.unsupported ? 'unsupported' : 'malformed',
                message: `${reader.file}: line at byte ${offset} is not a room message (${f.problem}); skipped`,
              });
              return;
            }
            st.items++;
            s.insertMessage.run(
              rowid,
              fileId,
              st.items,
              end,
              end - offset,
              f.id,
              f.kind,
              f.from,
              f.to,
              f.subject,
              f.ts_ms,
              f.reply_to,
              f.thread_id,
            );
            docs.rowids.push(rowid++);
            docs.subjects.push(f.subject);
            docs.bodies.push(f.body);
            docs.froms.push(f.from);
            docs.kinds.push(f.kind);
            kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
            const sec = Math.floor(f.ts_ms / 1000);
            seconds.set(sec, (seconds.get(sec) ?? 0) + 1);
            if (f.reply_to !== null) s.deletePending.run(fileId, f.reply_to);
            // A reply normally follows its request; the lookup covers one that came first.
            if (f.kind === 'request' && s.replyExists.get(fileId, f.id) === undefined) {
              s.insertPending.run(fileId, f.id, end);
            }
          },
          report,
          BATCH_BYTES,
        );
        s.setMeta.run('next_rowid', String(rowid));
        for (const [kind, count] of kinds) s.upsertKind.run(fileId, kind, count);
        for (const [sec, count] of seconds) s.upsertSecond.run(sec, fileId, count);
        this.finishBatch(st, reader, n);
        return n;
      },
    );

    this.recordBatch = db.transaction(
      (
        st: FileState,
        reader: LineReader,
        c: ClassifiedPath,
        report: (d: Diagnostic) => void,
      ): number => {
        if (!this.stillOurs(st)) return CONFLICT;
        const n = reader.read(
          this.batchLines,
          (value, offset, end) => {
            const problem = this.insertRecord(st, c, value, offset, end);
            if (problem !== undefined) {
              report({
                path: reader.file,
                offset,
                reason: 'malformed',
                message: `${reader.file}: line at byte ${offset} ${problem}; skipped`,
              });
            }
          },
          report,
        );
        this.finishBatch(st, reader, n);
        return n;
      },
    );

    this.ftsMark = Number(this.stmt.getMeta.get('fts_synced')?.value ?? 0);
    this.persistedMark = this.ftsMark;
    this.catchUp = this.track(this.catchUpFts());

    this.insertTransitions = db.transaction((items: readonly StoredTransition[]) => {
      for (const t of items) {
        this.stmt.insertTransition.run(
          t.ts_ms,
          t.entity,
          t.key,
          t.kind,
          t.detail ?? null,
          t.agent ?? null,
          t.src,
          t.n,
        );
      }
    });
  }

  /**
   * Index the new bytes of one JSONL file (absolute, or relative to the root) from its
   * persisted offset. A truncated, replaced or rewritten file is re-indexed from byte 0; a
   * vanished one has its rows removed. Resolves once the new messages are searchable too,
   * unless `searchable: false` (then once their rows are committed).
   *
   * @example
   * const r = await ingestor.syncFile('rooms/task/t1/plan.jsonl');
   * r.new_lines; // complete lines read
   */
  async syncFile(file: string, options: SyncOptions = {}): Promise<SyncResult> {
    const c = classifyPath(this.root, file);
    if (c.kind === 'ignored') {
      return { kind: 'ignored', new_lines: 0, truncated: false, diagnostics: [] };
    }
    if (this.closing) throw new Error('history index is closed');
    const text = options.searchable === false ? 'send' : 'wait';
    return this.track(this.withFileLock(c.rel, () => this.syncClassified(c, undefined, text)));
  }

  /**
   * Cold-index every JSONL file under the root, audit and checkpoint logs first, then rooms
   * by most recent change, so the most relevant history is searchable first. Files the index
   * knows that are gone have their rows removed. Reports progress at most every 100 ms.
   * A second call while one runs joins it.
   *
   * @example
   * await ingestor.indexAll((p) => console.log(p.done_bytes, p.total_bytes));
   */
  indexAll(onProgress: (p: IndexProgress) => void): Promise<void> {
    this.indexing ??= this.track(
      this.runIndexAll(onProgress).finally(() => {
        this.indexing = undefined;
      }),
    );
    return this.indexing;
  }

  /**
   * Store buffered transitions in one transaction.
   *
   * @example
   * ingestor.writeTransitions([{ ts_ms, entity: 'lease', key, kind: 'lease.acquired', src, n: 1 }]);
   */
  writeTransitions(items: readonly StoredTransition[]): void {
    if (items.length > 0) this.insertTransitions(items);
  }

  /**
   * Stop at the next batch boundary: running syncs and the cold index end early (what they
   * committed is kept, and the next sync continues from it). Resolves once nothing runs, so
   * the connection can be closed.
   */
  async stop(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.running]);
    await this.fts.drained();
    if (this.db.open && this.ftsMark !== this.persistedMark) {
      this.stmt.setMeta.run('fts_synced', String(this.ftsMark));
      this.persistedMark = this.ftsMark;
    }
  }

  /** Next rowid to assign: never one used before, even by since-deleted messages. */
  private nextRowid(): number {
    const stored = Number(this.stmt.getMeta.get('next_rowid')?.value ?? 1);
    return Math.max(stored, (this.stmt.maxRowid.get()?.m ?? 0) + 1);
  }

  /** Hold a committed batch's text until enough has gathered (cold index; see COLD_FTS_DOCS). */
  private gatherDocs(docs: FtsBatch): void {
    const held = (this.coldDocs ??= {
      docs: { rowids: [], subjects: [], bodies: [], froms: [], kinds: [] },
      chars: 0,
    });
    for (let i = 0; i < docs.rowids.length; i++) {
      held.docs.rowids.push(docs.rowids[i] as number);
      held.docs.subjects.push(docs.subjects[i] as string);
      held.docs.bodies.push(docs.bodies[i] as string);
      held.docs.froms.push(docs.froms[i] as string);
      held.docs.kinds.push(docs.kinds[i] as string);
      held.chars += (docs.subjects[i] as string).length + (docs.bodies[i] as string).length;
    }
    if (held.docs.rowids.length >= COLD_FTS_DOCS || held.chars >= COLD_FTS_CHARS) {
      this.flushGathered();
    }
  }

  private flushGathered(): void {
    const held = this.coldDocs;
    this.coldDocs = undefined;
    if (held && held.docs.rowids.length > 0) void this.sendDocs(held.docs);
  }

  /** Send a committed batch's text to the FTS writer; resolves (and moves the mark) once applied. */
  private sendDocs(docs: FtsBatch): Promise<void> {
    const last = docs.rowids[docs.rowids.length - 1] as number;
    return new Promise((resolve) => {
      this.fts.add(docs, () => {
        this.ftsApplied = Math.max(this.ftsApplied, last);
        if (!this.catchingUp) this.ftsMark = Math.max(this.ftsMark, this.ftsApplied);
        resolve();
      });
    });
  }

  /**
   * Re-send the text of messages the FTS file may lack (committed after the last known-applied
   * batch: the process stopped before the FTS writer caught up, or the FTS file was replaced),
   * reading it back from the room files. Runs in the background from the start, batch by batch;
   * new syncs go on meanwhile (adding text is idempotent).
   */
  private async catchUpFts(): Promise<void> {
    const upTo = this.stmt.maxRowid.get()?.m ?? 0;
    if (upTo <= this.ftsMark) return;
    this.catchingUp = true;
    let after = this.ftsMark;
    const report = (d: Diagnostic): void => this.onDiagnostic?.(d);
    try {
      while (!this.closing && after < upTo) {
        await yieldToEventLoop(); // also lets the constructor's caller finish first
        const rows = this.stmt.unsynced.all(after, upTo, CATCH_UP_ROWS);
        if (rows.length === 0) break;
        const docs: FtsBatch = { rowids: [], subjects: [], bodies: [], froms: [], kinds: [] };
        let i = 0;
        while (i < rows.length) {
          const fileId = (rows[i] as { file_id: number }).file_id;
          let j = i;
          while (j < rows.length && (rows[j] as { file_id: number }).file_id === fileId) j++;
          const run = rows.slice(i, j);
          const rel = this.stmt.pathOf.get(fileId)?.path;
          const texts = rel
            ? readLineSpans(
                path.join(this.root, rel),
                run.map((r) => ({ offset: r.cursor - r.len, len: r.len })),
              )
            : [];
          run.forEach((row, k) => {
            const fields = parseRoomLine(texts[k]);
            // A line no longer as indexed: its file changed, and its next sync re-indexes it.
            if (fields === undefined || fields.id !== row.id) return;
            docs.rowids.push(row.rowid);
            docs.subjects.push(fields.subject);
            docs.bodies.push(fields.body);
            docs.froms.push(fields.from);
            docs.kinds.push(fields.kind);
          });
          i = j;
        }
        after = (rows[rows.length - 1] as { rowid: number }).rowid;
        if (docs.rowids.length > 0) this.fts.add(docs);
        await this.fts.whenBelow(MAX_FTS_BACKLOG);
      }
      await this.fts.drained();
      if (!this.closing) this.ftsMark = Math.max(this.ftsMark, upTo, this.ftsApplied);
    } catch (error) {
      report({
        path: this.root,
        reason: 'unreadable',
        message: `full-text catch-up: ${(error as Error).message}`,
      });
    } finally {
      this.catchingUp = false;
    }
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = (): void => {
      this.running.delete(work);
    };
    work.then(forget, forget);
    return work;
  }

  private async runIndexAll(onProgress: (p: IndexProgress) => void): Promise<void> {
    // Bulk mode: no fsync per checkpoint, and checkpoints every 64 MiB of WAL instead of 4 MiB.
    // Measured here, the fsyncs of synchronous=NORMAL cost more wall time than all the parsing.
    // Safe for a cache: a process crash loses nothing; an OS crash is detected at the next
    // open by the boot time recorded below, and the index rebuilt (schema.ts).
    this.db.pragma('synchronous = FULL'); // the mark itself must be durable before bulk mode
    this.stmt.setMeta.run('unsynced_boot_ms', String(bootTimeMs()));
    this.db.pragma('synchronous = OFF');
    this.db.pragma('wal_autocheckpoint = 16384');
    this.fts.bulk(true);
    let finished: IndexProgress | undefined;
    try {
      finished = await this.coldIndex(onProgress);
    } finally {
      this.fts.bulk(false);
      await this.fts.drained();
      if (this.db.open) {
        this.db.pragma('synchronous = NORMAL');
        this.db.pragma('wal_autocheckpoint = 1000');
        this.db.pragma('wal_checkpoint(PASSIVE)'); // syncs what the bulk mode wrote
        this.stmt.deleteMeta.run('unsynced_boot_ms');
      }
    }
    // Complete only once the bulk mode's checkpoints are done too: nothing is left running.
    if (finished && !this.closing) onProgress(finished);
  }

  /** Index every file; returns the final progress (complete), undefined when stopped early. */
  private async coldIndex(
    onProgress: (p: IndexProgress) => void,
  ): Promise<IndexProgress | undefined> {
    const report = (d: Diagnostic): void => this.onDiagnostic?.(d);
    const found = walkHistoryFiles(this.root, report);
    const present = new Set(found.map((f) => f.rel));
    const vanished: FoundFile[] = this.stmt.allPaths
      .all()
      .filter((row) => !present.has(row.path))
      .map((row) => ({ rel: row.path, kind: 'room', size: 0, mtime_ms: 0 }));
    const rank = (f: FoundFile): number => (f.kind === 'room' ? 1 : 0);
    const order = [
      ...vanished,
      ...found.sort((a, b) => rank(a) - rank(b) || b.mtime_ms - a.mtime_ms),
    ];
    let total = found.reduce((sum, f) => sum + f.size, 0);
    let doneBefore = 0;
    let done = 0;
    let lastReport = 0;
    const emit = (force: boolean): void => {
      const now = Date.now();
      if (!force && now - lastReport < PROGRESS_EVERY_MS) return;
      lastReport = now;
      total = Math.max(total, done);
      onProgress({ done_bytes: done, total_bytes: total, complete: false });
    };
    emit(true);
    for (const f of order) {
      if (this.closing) break;
      // Files do not wait for their text to be searchable (that would run the two writers in
      // turn, not side by side: most room files are one batch); the backlog bounds the memory.
      await this.fts.whenBelow(MAX_FTS_BACKLOG);
      try {
        const c = classifyPath(this.root, path.join(this.root, f.rel));
        const onPosition = (offset: number): void => {
          done = doneBefore + Math.min(offset, f.size);
          emit(false);
        };
        if (c.kind !== 'ignored') {
          await this.withFileLock(c.rel, () => this.syncClassified(c, onPosition, 'gather'));
        }
      } catch (error) {
        // One file's failure (an I/O error mid-read) must not stop the rest.
        report({
          path: path.join(this.root, f.rel),
          reason: 'unreadable',
          message: `${path.join(this.root, f.rel)}: ${(error as Error).message}`,
        });
      }
      doneBefore += f.size;
      done = doneBefore;
      emit(false);
    }
    this.flushGathered();
    // Complete means searchable too: wait for the catch-up and the FTS writer's last batches.
    await this.catchUp;
    await this.fts.drained();
    if (this.closing) return undefined;
    total = Math.max(total, done);
    return { done_bytes: done, total_bytes: total, complete: true };
  }

  private async syncClassified(
    c: Exclude<ClassifiedPath, { kind: 'ignored' }>,
    onPosition: ((offset: number) => void) | undefined,
    text: TextHandling,
  ): Promise<SyncResult> {
    const abs = path.join(this.root, c.rel);
    const diagnostics: Diagnostic[] = [];
    let unlisted = 0;
    const report = (d: Diagnostic): void => {
      // A file of garbage must not become a million diagnostics: list the first ones, count the rest.
      if (diagnostics.length >= MAX_DIAGNOSTICS_PER_SYNC) {
        unlisted++;
        return;
      }
      diagnostics.push(d);
      this.onDiagnostic?.(d);
    };
    const result: SyncResult = { kind: c.kind, new_lines: 0, truncated: false, diagnostics };
    if (c.kind === 'room') result.room_key = c.room_key;
    if (c.kind === 'checkpoints') result.run_id = c.run_id;

    let fd: number;
    try {
      fd = fs.openSync(abs, 'r');
    } catch (error) {
      const row = this.stmt.fileByPath.get(c.rel);
      if (hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) {
        // The file is gone: so is its history (a re-created file starts afresh).
        if (row) {
          this.fts.remove(this.resetFile(row.file_id, true));
          result.truncated = true;
        }
        // A link to nowhere is not "no file": someone put it there, and the operator must know.
        const broken = danglingLinkDiagnostic(abs);
        if (broken) report(broken);
      } else {
        report({ path: abs, reason: 'unreadable', message: `${abs}: ${(error as Error).message}` });
      }
      return result;
    }
    // Resolved once the last batch's text is searchable: a sync ends when search sees it too.
    let searchable: Promise<void> = Promise.resolve();
    try {
      for (let attempt = 0; ; attempt++) {
        const st = this.openState(c, fd, result);
        const reader = new LineReader(abs, fd, st.offset, st.size);
        let lost = false;
        for (;;) {
          const docs: FtsBatch = { rowids: [], subjects: [], bodies: [], froms: [], kinds: [] };
          const n =
            c.kind === 'room'
              ? this.roomBatch.immediate(st, reader, docs, report)
              : this.recordBatch.immediate(st, reader, c, report);
          if (n === CONFLICT) {
            lost = true;
            break;
          }
          // Committed: now the text may go to the FTS writer (on its own thread, in parallel).
          if (docs.rowids.length > 0) {
            if (text === 'gather') this.gatherDocs(docs);
            else searchable = this.sendDocs(docs);
          }
          result.new_lines += n;
          onPosition?.(reader.next);
          if (reader.done || this.closing) break;
          await this.fts.whenBelow(MAX_FTS_BACKLOG);
          await yieldToEventLoop();
          if (this.closing) break;
        }
        // Another writer (a second monitor on this index) moved the file on: start over from
        // what it persisted. Bounded, since each retry starts from a further offset.
        if (!lost || attempt >= 3) break;
      }
    } finally {
      fs.closeSync(fd);
    }
    if (text === 'wait') await searchable;
    if (unlisted > 0) {
      const more: Diagnostic = {
        path: abs,
        reason: 'malformed',
        message: `${abs}: ${unlisted} more bad lines skipped (not listed)`,
      };
      diagnostics.push(more);
      this.onDiagnostic?.(more);
    }
    return result;
  }

  /** Load (or create) the file's row and decide whether to continue or start over. */
  private openState(
    c: Exclude<ClassifiedPath, { kind: 'ignored' }>,
    fd: number,
    result: SyncResult,
  ): FileState {
    const stat = fs.fstatSync(fd, { bigint: true });
    const size = Number(stat.size);
    const identity = fileIdentity(stat);
    let row = this.stmt.fileByPath.get(c.rel);
    if (!row) {
      this.stmt.insertFile.run(
        c.rel,
        c.kind,
        c.kind === 'room' ? c.room_key : null,
        c.kind === 'checkpoints' ? c.run_id : null,
      );
      row = this.stmt.fileByPath.get(c.rel) as FileRow;
    } else if (changeReason(row, fd, size, identity) !== undefined) {
      this.fts.remove(this.resetFile(row.file_id, false));
      result.truncated = true;
      row = {
        ...row,
        offset: 0,
        size: 0,
        identity: null,
        head_len: 0,
        head_hash: null,
        lines: 0,
        items: 0,
      };
    }
    return {
      file_id: row.file_id,
      fd,
      offset: row.offset,
      size,
      identity,
      lines: row.lines,
      items: row.items,
      head_len: row.head_len,
      head_hash: row.head_hash,
    };
  }

  /** Inside a batch's write transaction: has nobody else advanced this file since we read it? */
  private stillOurs(st: FileState): boolean {
    const now = this.stmt.fileOffset.get(st.file_id);
    return now !== undefined && now.offset === st.offset && now.items === st.items;
  }

  /** Persist where the file stands, in the batch's transaction (rows and offset move together). */
  private finishBatch(st: FileState, reader: LineReader, lines: number): void {
    st.lines += lines;
    st.offset = reader.next;
    const want = Math.min(st.offset, HEAD_BYTES);
    if (want > st.head_len) {
      // Hash only bytes already indexed: a rewrite of those is what invalidates the offset.
      st.head_hash = headHash(st.fd, want);
      st.head_len = want;
    }
    if (this.ftsMark !== this.persistedMark) {
      this.stmt.setMeta.run('fts_synced', String(this.ftsMark));
      this.persistedMark = this.ftsMark;
    }
    this.stmt.updateFile.run(
      st.offset,
      st.size,
      st.identity,
      st.lines,
      st.items,
      st.head_len,
      st.head_hash,
      st.file_id,
    );
  }

  /** Validate and insert one checkpoint or audit line; returns the problem when it is not one. */
  private insertRecord(
    st: FileState,
    c: ClassifiedPath,
    value: unknown,
    offset: number,
    end: number,
  ): string | undefined {
    if (c.kind === 'checkpoints') {
      const parsed = CheckpointSchema.safeParse(value);
      if (!parsed.success) return `is not a checkpoint (${issueText(parsed.error.issues)})`;
      if (parsed.data.run_id !== c.run_id) {
        return `belongs to run ${JSON.stringify(parsed.data.run_id)}, not ${JSON.stringify(c.run_id)}`;
      }
      this.stmt.insertCheckpoint.run(st.file_id, end, offset, JSON.stringify(value));
    } else {
      const schema = c.kind === 'operator' ? OperatorEntrySchema : LifecycleEntrySchema;
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        return `is not a ${c.kind} audit entry (${issueText(parsed.error.issues)})`;
      }
      this.stmt.insertAudit.run(st.file_id, end, c.kind, parsed.data.ts_ms, JSON.stringify(value));
    }
    st.items++;
    return undefined;
  }

  private withFileLock<T>(key: string, run: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.then(run, run);
    const tail = next.catch(() => undefined);
    this.locks.set(key, tail);
    void tail.then(() => {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    });
    return next;
  }
}

/**
 * Let timers, I/O and other syncs run between two batches.
 *
 * @example
 * await yieldToEventLoop();
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function issueText(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const issue = issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'record';
  return `${where}: ${issue.message}`;
}
