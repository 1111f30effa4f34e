import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { BatonError, hasErrnoCode } from '../errors.ts';
import { sleepSync } from '../files/sleep-sync.ts';

/** A guard older than this is left by a crashed holder and may be broken (bodies take µs). */
export const GUARD_STALE_MS = 5_000;
/** How long to wait for a live guard before giving up with `conflict`. */
export const GUARD_WAIT_MS = 10_000;

/**
 * Run `body` while holding an exclusive guard file (created with O_EXCL), for the short
 * read-compare-write sections that must not interleave across processes (a consumer's cursor,
 * a contested id claim). A guard left by a crashed holder is broken once older than
 * {@link GUARD_STALE_MS}, by renaming it aside and checking that it was the same file (inode).
 * The guard's directory must exist.
 *
 * @example
 * withGuard('/coord/rooms/task/t1/plan.consumers/b.guard', () => bumpCursor());
 */
export function withGuard<T>(
  guardFile: string,
  body: () => T,
  options: { staleMs?: number; waitMs?: number } = {},
): T {
  const ino = acquire(
    guardFile,
    options.staleMs ?? GUARD_STALE_MS,
    options.waitMs ?? GUARD_WAIT_MS,
  );
  try {
    return body();
  } finally {
    release(guardFile, ino);
  }
}

function acquire(guardFile: string, staleMs: number, waitMs: number): number {
  const started = Date.now();
  let pause = 1;
  for (;;) {
    try {
      const fd = fs.openSync(guardFile, 'wx', 0o644);
      try {
        fs.writeSync(fd, `${process.pid}@${os.hostname()}\n`);
        return fs.fstatSync(fd).ino;
      } finally {
        fs.closeSync(fd);
      }
    } catch (error) {
      if (!hasErrnoCode(error, 'EEXIST')) throw error;
    }
    let held: fs.Stats;
    try {
      held = fs.statSync(guardFile);
    } catch (error) {
      if (hasErrnoCode(error, 'ENOENT')) continue; // released between our two calls
      throw error;
    }
    if (Date.now() - held.mtimeMs > staleMs) {
      breakStale(guardFile, held);
      continue;
    }
    if (Date.now() - started > waitMs) {
      throw new BatonError(
        'conflict',
        `${guardFile}: guard still held after ${waitMs} ms (another process is updating this record)`,
        { path: guardFile },
      );
    }
    sleepSync(pause);
    pause = Math.min(pause * 2, 8);
  }
}

/** Remove a stale guard only if it is still the one we judged stale (same inode and mtime). */
function breakStale(guardFile: string, stale: fs.Stats): void {
  const aside = path.join(
    path.dirname(guardFile),
    `${path.basename(guardFile)}.broken-${crypto.randomBytes(6).toString('hex')}`,
  );
  try {
    fs.renameSync(guardFile, aside);
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT')) return; // someone else broke or released it
    throw error;
  }
  try {
    const moved = fs.statSync(aside);
    if (moved.ino !== stale.ino || moved.mtimeMs !== stale.mtimeMs) {
      // We moved a fresh guard of another process: put it back unless a newer one exists.
      try {
        fs.linkSync(aside, guardFile);
      } catch (error) {
        if (!hasErrnoCode(error, 'EEXIST')) throw error;
      }
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

function release(guardFile: string, ino: number): void {
  try {
    // Only remove our own guard: if ours was broken as stale, a newer holder's stays.
    if (fs.statSync(guardFile).ino === ino) fs.unlinkSync(guardFile);
  } catch (error) {
    if (!hasErrnoCode(error, 'ENOENT')) throw error;
  }
}
