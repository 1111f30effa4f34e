import fs from 'node:fs';
import path from 'node:path';
import type { DiagnosticView } from '../api/views.ts';
import type { Diagnostic } from '../files/diagnostic.ts';

/** A change to the set of diagnostics: a key that appeared (or changed) or disappeared. */
export type DiagnosticChange =
  { op: 'upsert'; view: DiagnosticView } | { op: 'remove'; key: string };

export interface DiagnosticsIndex {
  /**
   * Replace everything `source` (e.g. `lease:locks/a.lock.d`) reports. Diagnostics the source
   * no longer reports disappear unless another source still reports them.
   */
  set(source: string, diagnostics: readonly Diagnostic[], now: number): DiagnosticChange[];
  get(key: string): DiagnosticView | undefined;
  values(): IterableIterator<DiagnosticView>;
  readonly size: number;
}

/**
 * Every file (or line) the monitor could not use, keyed by path relative to the root (plus
 * `@offset` for a line). A diagnostic keeps its `first_seen_ms` while it persists across
 * re-reads (found by a starting monitor, it begins at the file's last change: see
 * {@link badSince}), and is removed as soon as no source reports it (the file was fixed or deleted).
 * Several sources may report the same file (the lifecycle log's problems reach every pipeline's
 * read): a diagnostic lives while any of them does.
 *
 * @example
 * const changes = index.set('agent:a1', read.diagnostics, Date.now());
 */
export function createDiagnosticsIndex(root: string): DiagnosticsIndex {
  // Readers may report the directory by its real path (the history index does).
  let realRoot = root;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    // not there yet: the path as given
  }
  const relative = (file: string): string => {
    const rel = relativeTo(root, file);
    return rel === file && realRoot !== root ? relativeTo(realRoot, file) : rel;
  };
  const byKey = new Map<string, { view: DiagnosticView; sources: Set<string> }>();
  const bySource = new Map<string, Set<string>>();

  function toView(
    diagnostic: Diagnostic,
    firstSeen: () => number,
    existing?: DiagnosticView,
  ): DiagnosticView {
    const rel = relative(diagnostic.path);
    return {
      key: diagnosticKey(rel, diagnostic.offset),
      path: rel,
      ...(diagnostic.offset !== undefined ? { offset: diagnostic.offset } : {}),
      reason: diagnostic.reason,
      message: diagnostic.message,
      first_seen_ms: existing?.first_seen_ms ?? firstSeen(),
    };
  }

  return {
    set(source, diagnostics, now) {
      const changes: DiagnosticChange[] = [];
      const since = new Map<string, number>(); // one stat per file, however many bad lines
      const previous = bySource.get(source) ?? new Set<string>();
      const next = new Set<string>();
      for (const diagnostic of diagnostics) {
        const key = diagnosticKey(relative(diagnostic.path), diagnostic.offset);
        if (next.has(key)) continue;
        next.add(key);
        const entry = byKey.get(key);
        const view = toView(
          diagnostic,
          () => badSince(path.resolve(root, diagnostic.path), diagnostic.reason, now, since),
          entry?.view,
        );
        if (!entry) {
          byKey.set(key, { view, sources: new Set([source]) });
          changes.push({ op: 'upsert', view });
        } else {
          entry.sources.add(source);
          if (entry.view.message !== view.message || entry.view.reason !== view.reason) {
            entry.view = view;
            changes.push({ op: 'upsert', view });
          }
        }
      }
      for (const key of previous) {
        if (next.has(key)) continue;
        const entry = byKey.get(key);
        if (!entry) continue;
        entry.sources.delete(source);
        if (entry.sources.size === 0) {
          byKey.delete(key);
          changes.push({ op: 'remove', key });
        }
      }
      if (next.size > 0) bySource.set(source, next);
      else bySource.delete(source);
      return changes;
    },
    get(key) {
      return byKey.get(key)?.view;
    },
    *values() {
      for (const entry of byKey.values()) yield entry.view;
    },
    get size() {
      return byKey.size;
    },
  };
}

/**
 * When a diagnostic seen for the first time has been true since, as far as the file can tell:
 * a LOWER BOUND of how long it has been bad (so "For" does not restart at each monitor start).
 * A content problem (malformed, unsupported, too_large) is in the file as it has been since it
 * last changed, so it has been bad at least since the later of its mtime and ctime (ctime also
 * moves on chmod, rename and `utimes`, so a back-dated mtime cannot push it earlier). An
 * `unreadable` file (an I/O error, a dangling symlink whose target went) leaves no trace in its
 * times: `now`. Never later than `now` (a file server's clock may run ahead).
 *
 * @example
 * badSince('/coord/agents/x.json', 'malformed', Date.now(), new Map()); // its last change
 */
export function badSince(
  file: string,
  reason: Diagnostic['reason'],
  now: number,
  cache: Map<string, number>,
): number {
  if (reason === 'unreadable') return now;
  let t = cache.get(file);
  if (t === undefined) {
    try {
      const st = fs.statSync(file);
      t = Math.max(st.mtimeMs, st.ctimeMs);
    } catch {
      t = now; // gone or unreadable meanwhile: nothing to go by
    }
    cache.set(file, t);
  }
  return Math.floor(Math.min(t, now));
}

function diagnosticKey(rel: string, offset: number | undefined): string {
  return offset === undefined ? rel : `${rel}@${offset}`;
}

function relativeTo(root: string, file: string): string {
  if (!path.isAbsolute(file)) return file;
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return file;
  return rel.split(path.sep).join('/') || '.';
}
