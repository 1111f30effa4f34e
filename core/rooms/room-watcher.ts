import fs from 'node:fs';
import path from 'node:path';

export type WakeReason = 'change' | 'timeout' | 'aborted';

export interface RoomWatcher {
  /**
   * Resolve on the next change of the file (or one that happened since the last call), after
   * `ms`, or when `signal` aborts, whichever comes first.
   */
  wait(ms: number, signal?: AbortSignal): Promise<WakeReason>;
  /** Stop watching; pending waits resolve `aborted`. */
  close(): void;
}

/**
 * Watch one file for appends: `fs.watch` on its directory (so a file created later is seen too)
 * wakes waiters at once; callers still pass a bounded `ms` to every wait, which is the polling
 * fallback for filesystems where watching sees nothing (network mounts) or drops events. When the
 * directory does not exist yet, each wait tries to attach again.
 *
 * @example
 * const watcher = watchFile(file);
 * while (!done) { scan(); await watcher.wait(250); }
 * watcher.close();
 */
export function watchFile(file: string): RoomWatcher {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let watcher: fs.FSWatcher | undefined;
  let pending = false;
  let closed = false;
  let wake: ((reason: WakeReason) => void) | undefined;

  const notify = (): void => {
    if (wake) wake('change');
    else pending = true;
  };

  const attach = (): void => {
    if (watcher || closed) return;
    try {
      const w = fs.watch(dir, { persistent: true }, (_event, filename) => {
        if (filename === null || filename === base) notify();
      });
      w.on('error', () => {
        // The directory went away or the watch broke: fall back to polling, re-attach later.
        w.close();
        if (watcher === w) watcher = undefined;
      });
      watcher = w;
    } catch {
      watcher = undefined; // no directory yet, or watching unsupported here: poll
    }
  };

  attach();

  return {
    wait(ms, signal) {
      if (closed || signal?.aborted) return Promise.resolve('aborted');
      if (pending) {
        pending = false;
        return Promise.resolve('change');
      }
      attach();
      return new Promise<WakeReason>((resolve) => {
        const finish = (reason: WakeReason): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          wake = undefined;
          resolve(reason);
        };
        const onAbort = (): void => finish('aborted');
        const timer = setTimeout(() => finish('timeout'), Math.max(0, ms));
        signal?.addEventListener('abort', onAbort, { once: true });
        wake = finish;
      });
    },
    close() {
      closed = true;
      watcher?.close();
      watcher = undefined;
      wake?.('aborted');
    },
  };
}
