import fs from 'node:fs';
import { hasErrnoCode } from '../errors.ts';

/**
 * The names in directory `dir`, or none when it does not exist (yet) or is not a directory: the
 * family directories are created on first write, so a reader of a fresh coordination directory
 * must see "nothing" rather than an error. Any other failure (permissions, I/O) is thrown.
 *
 * @example
 * readDirNamesOrEmpty('/coord/barriers').filter(isValidName); // [] before the first barrier
 */
export function readDirNamesOrEmpty(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) return [];
    throw error;
  }
}

/**
 * True when `p` exists and is a directory (following symlinks); false for anything else,
 * including a path that cannot be stat'ed.
 *
 * @example
 * isDirectory('/coord/runs/r1'); // false once the run was disposed
 */
export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
