import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../files/diagnostic.ts';
import { classifyPath } from './classify-path.ts';
import { signature, statSize } from './file-signature.ts';
import type { HistoryPort } from './history-port.ts';
import { asError, type DirtyMarks, type RawRecords } from './raw-state.ts';

/** Line diagnostics kept per JSONL file (the first ones found). */
const MAX_LINE_DIAGNOSTICS = 50;

/** Feeds changed JSONL files (rooms, checkpoints, audit logs) to the history index. */
export interface JsonlSync {
  /** Sync `file` in the next round. */
  queue(file: string): void;
  /** Start a round unless one runs or nothing is queued. */
  pump(): void;
  /** The round in progress, if any. */
  running(): Promise<void> | undefined;
  /** How many files wait for the next round. */
  queued(): number;
  /** Each JSONL file's stat signature when last synced or first seen (the safety poll compares). */
  readonly seen: Map<string, string>;
  /** Keep line diagnostics the index found (in `file`, or wherever each one points). */
  addLineDiagnostics(list: readonly Diagnostic[], file?: string): void;
  /** Drop what is queued (closing). */
  clear(): void;
}

export interface JsonlSyncOptions {
  /** The coordination directory (absolute). */
  root: string;
  /** Undefined when the index could not be opened: nothing is queued or synced. */
  history: HistoryPort | undefined;
  raw: RawRecords;
  dirty: DirtyMarks;
  setDiagnostics: (source: string, list: readonly Diagnostic[]) => void;
  /** Re-read a room that the model did not know yet. */
  reloadRoom: (key: string) => void;
  /** Recompute what a round marked dirty. */
  settle: () => void;
  isClosed: () => boolean;
  onError: (error: Error, context: string) => void;
  /** The index failed to sync a file (a message), or synced one again (undefined). */
  onHistoryProblem?: (message: string | undefined) => void;
}

/**
 * Syncs JSONL files into the history index in rounds: one round syncs every queued file at once
 * (the index serialises per file and interleaves the rest), then the model settles once, so at
 * a high event rate the appends that arrive during a round coalesce into the next one. A synced
 * room's size is refreshed; its statistics and a run's checkpoints are recomputed only when the
 * index took new lines or re-read the file.
 *
 * @example
 * const sync = createJsonlSync({ root, history, raw, dirty, setDiagnostics, reloadRoom, settle, isClosed, onError });
 * sync.queue('/coord/rooms/task/t1/plan.jsonl'); sync.pump();
 */
export function createJsonlSync(options: JsonlSyncOptions): JsonlSync {
  const { root, history, raw, dirty } = options;
  const realRoot = realpathOr(root);
  const queue = new Set<string>(); // absolute JSONL paths awaiting history.syncFile
  const seen = new Map<string, string>();
  const lineDiagnostics = new Map<string, Map<string, Diagnostic>>(); // file -> its line diagnostics
  let round: Promise<void> | undefined;

  function pump(): void {
    if (round || queue.size === 0 || !history || options.isClosed()) return;
    round = (async () => {
      while (queue.size > 0 && !options.isClosed()) {
        const files = [...queue];
        queue.clear();
        await Promise.all(files.map(syncOne));
        options.settle();
      }
    })().finally(() => {
      round = undefined;
      if (queue.size > 0) pump();
    });
  }

  async function syncOne(file: string): Promise<void> {
    seen.set(file, signature(file));
    let result;
    try {
      // Counted and listed is enough to update the room view; search catches up milliseconds
      // later (waiting for it put the FTS worker's hop and transaction on every update's path).
      result = await history!.syncFile(file, { searchable: false });
    } catch (error) {
      options.onError(asError(error), `indexing ${path.relative(root, file)}`);
      options.onHistoryProblem?.(`history index: ${asError(error).message}`);
      return;
    }
    options.onHistoryProblem?.(undefined);
    if (options.isClosed()) return;
    if (result.truncated) lineDiagnostics.delete(file);
    // A whole-file problem (unreadable, a broken link) is judged again by every sync: this one
    // reports it again if it persists.
    const kept = lineDiagnostics.get(file);
    if (kept?.get('')?.reason === 'unreadable') kept.delete('');
    addLineDiagnostics(result.diagnostics, file);
    const cls = classifyPath(root, file);
    if (cls?.kind === 'room') {
      // The file grew, shrank or vanished: refresh its size (consumers have their own files).
      const room = raw.room.get(cls.key);
      if (room) {
        const size = statSize(file);
        const changed = room.size !== (size ?? 0) || room.exists !== (size !== undefined);
        room.exists = size !== undefined;
        room.size = size ?? 0;
        if (!room.exists && room.consumers.size === 0) raw.room.delete(cls.key);
        if (changed || result.new_lines > 0 || result.truncated) dirty.room.add(cls.key);
      } else {
        options.reloadRoom(cls.key);
      }
    }
    if (cls?.kind === 'checkpoints' && (result.new_lines > 0 || result.truncated)) {
      dirty.run.add(cls.run_id);
    }
  }

  /** A path the history reported by the directory's real path, spelled under `root`. */
  function underRoot(file: string): string {
    if (realRoot !== root && file.startsWith(realRoot + path.sep))
      return root + file.slice(realRoot.length);
    return file;
  }

  // At most MAX_LINE_DIAGNOSTICS per file, the first ones found (a file that bad says enough).
  // They live until the file is replaced, truncated or removed: an append-only log's lines
  // never change otherwise. (An unreadable whole file, keyed '', is judged again by each sync.)
  function addLineDiagnostics(list: readonly Diagnostic[], file?: string): void {
    const touched = new Set<string>();
    if (file) touched.add(file);
    for (const diagnostic of list) {
      const at = underRoot(diagnostic.path);
      let map = lineDiagnostics.get(at);
      if (!map) lineDiagnostics.set(at, (map = new Map()));
      if (map.size >= MAX_LINE_DIAGNOSTICS) continue;
      map.set(`${diagnostic.offset ?? ''}`, diagnostic);
      touched.add(at);
    }
    for (const at of touched)
      options.setDiagnostics(`jsonl:${at}`, [...(lineDiagnostics.get(at)?.values() ?? [])]);
  }

  return {
    queue(file) {
      if (history) queue.add(file);
    },
    pump,
    running: () => round,
    queued: () => queue.size,
    seen,
    addLineDiagnostics,
    clear: () => queue.clear(),
  };
}

function realpathOr(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}
