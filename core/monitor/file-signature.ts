import fs, { type Stats } from 'node:fs';

/**
 * Identity of a file's content as far as its stat can tell: inode, size and mtime.
 *
 * @example
 * signatureOf(fs.statSync(file)); // '1234:99:1700000000000'
 */
export function signatureOf(stats: Stats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

/**
 * {@link signatureOf} a file now, or `'absent'` when it cannot be stat'ed.
 *
 * @example
 * if (signature(file) !== seen) resync(file);
 */
export function signature(file: string): string {
  try {
    return signatureOf(fs.statSync(file));
  } catch {
    return 'absent';
  }
}

/**
 * A file's size, or undefined when it cannot be stat'ed.
 *
 * @example
 * statSize('/coord/rooms/task/t1/plan.jsonl'); // 4096
 */
export function statSize(file: string): number | undefined {
  try {
    return fs.statSync(file).size;
  } catch {
    return undefined;
  }
}
