import type { Stats } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { isIgnoredPath, toRel } from './classify-path.ts';

export type WatchMode = 'events' | 'polling';

/** What happened to a path: chokidar's events, plus `recheck` (our trailing re-read). */
export type WatchEvent = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir' | 'recheck';

export interface WatcherOptions {
  root: string;
  /** `events`: native file events (inotify/FSEvents). `polling`: stat polling, for network
   *  filesystems where events from other hosts never arrive. */
  mode: WatchMode;
  /** Called for every path that may have changed. Must not throw (errors are the caller's). */
  onPath: (absolute: string, event: WatchEvent, stats?: Stats) => void;
  onError: (error: Error) => void;
  /** Keep re-reporting a path until this long after its last event (default 75 ms, past
   *  chokidar's 50 ms change throttle), because chokidar drops the trailing event of a burst. */
  recheckMs?: number;
  /** How often a followed path is re-reported within that window (default: once, at its end).
   *  Callers make a re-report cheap (a stat compared with the last one). */
  followEveryMs?: number;
  /** Stat interval of polling mode (default 1000 ms). */
  pollingIntervalMs?: number;
}

export interface Watcher {
  /** Resolves once chokidar has walked the tree and events flow. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_RECHECK_MS = 75;

/**
 * Watch the coordination directory with chokidar and report every path that may have changed.
 * Temporaries, tombstones and guards are ignored (classify-path.ts). Chokidar throttles `change`
 * to one per 50 ms per path and drops the trailing event of a burst (the last append of a burst
 * would stay unseen until the next write). Two things make up for it: every native (raw) event
 * is reported at once as a `recheck`, and after any event a path is re-reported once more
 * `recheckMs` after its LAST event (pushed back by each event, so it lands after the throttle
 * window of the last one). A path not written to is never re-reported: nothing runs while the
 * directory is quiet.
 *
 * @example
 * const w = startWatcher({ root: '/coord', mode: 'events', onPath: (p, e) => queue(p), onError: log });
 * await w.ready;
 */
export function startWatcher(options: WatcherOptions): Watcher {
  const recheckMs = options.recheckMs ?? DEFAULT_RECHECK_MS;
  const followEveryMs = Math.min(recheckMs, options.followEveryMs ?? recheckMs);
  const polling = options.mode === 'polling';
  const interval = options.pollingIntervalMs ?? 1000;
  // Chokidar 6 backends measured here: 'native-recursive' (Node's recursive fs.watch) sets up a
  // 10,000-lease tree twice as fast, but on Linux it delivered changes seconds late (p50 5 s);
  // one native watcher per directory delivers them in milliseconds.
  const watcher: FSWatcher = watch(options.root, {
    backend: polling ? 'polling' : 'native',
    pollingInterval: interval,
    pollingBinaryInterval: interval,
    // The engine reads the tree itself (fast, before the watcher is ready) and reads it again
    // once the watcher is ready, so the initial walk need not report every file.
    ignoreInitial: true,
    alwaysStat: true,
    followSymlinks: false,
    ignorePermissionErrors: true,
    // Records are replaced by rename: report the new file, not an unlink then an add.
    atomic: !polling,
    ignored: (absolute: string) => {
      const rel = toRel(options.root, absolute);
      return rel === undefined || isIgnoredPath(rel);
    },
  });

  // Paths being followed after an event: re-reported every `followEveryMs` until `recheckMs`
  // after their LAST event. One timer serves them all and runs only while some path is hot.
  const followed = new Map<string, { until: number; next: number }>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let isReady = false;

  const armTimer = (): void => {
    if (closed || timer || followed.size === 0) return;
    let earliest = Infinity;
    for (const f of followed.values()) if (f.next < earliest) earliest = f.next;
    timer = setTimeout(fireRechecks, Math.max(0, earliest - Date.now()));
  };

  function fireRechecks(): void {
    timer = undefined;
    const now = Date.now();
    const due: string[] = [];
    for (const [file, f] of followed) {
      if (f.next > now) continue;
      due.push(file);
      if (now >= f.until) followed.delete(file);
      else f.next = Math.min(f.until, now + followEveryMs);
    }
    for (const file of due) report(file, 'recheck');
    armTimer();
  }

  function follow(file: string): void {
    const now = Date.now();
    const f = followed.get(file);
    if (f) f.until = now + recheckMs;
    else followed.set(file, { until: now + recheckMs, next: now + followEveryMs });
    armTimer();
  }

  function report(file: string, event: WatchEvent, stats?: Stats): void {
    try {
      options.onPath(file, event, stats);
    } catch (error) {
      options.onError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  watcher.on('all', (event, file, stats) => {
    if (closed) return;
    report(file, event as WatchEvent, stats);
    if (event === 'add' || event === 'change') follow(file);
  });
  // Chokidar's throttle sits after its raw events: each native event (every append, every
  // rename) is reported at once as a re-check (the caller compares a stat and reads only on a
  // change), so a write inside a throttle window is seen in milliseconds, not at the window's end.
  if (!polling) {
    watcher.on('raw', (_event, rel, details) => {
      if (closed || !isReady || typeof rel !== 'string' || rel === '') return;
      const dir = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
      if (typeof dir !== 'string') return;
      const file = path.isAbsolute(rel) ? rel : path.join(dir, rel);
      const relToRoot = toRel(options.root, file);
      if (relToRoot === undefined || isIgnoredPath(relToRoot)) return;
      report(file, 'recheck');
      follow(file);
    });
  }
  watcher.on('error', (error) => {
    options.onError(error instanceof Error ? error : new Error(String(error)));
  });

  const ready = new Promise<void>((resolve) => {
    watcher.once('ready', () => {
      isReady = true;
      resolve();
    });
  });

  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      followed.clear();
      await watcher.close();
    },
  };
}
