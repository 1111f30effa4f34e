import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../core/files/atomic-write.ts';

/** How many directories the Open Recent menu and `info.recent_dirs` remember. */
export const MAX_RECENT_DIRS = 10;

const RecentFileSchema = z.object({ dirs: z.array(z.string()) });

/**
 * The recently opened coordination directories, most recent first, from
 * `<userData>/recent-dirs.json`. A missing or damaged file is an empty list: losing the list
 * must never stop the app from starting.
 *
 * @example
 * readRecentDirs(path.join(app.getPath('userData'), 'recent-dirs.json')); // ['/srv/coord', …]
 */
export function readRecentDirs(file: string): string[] {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  try {
    const parsed = RecentFileSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return [];
    return unique(parsed.data.dirs.filter((dir) => path.isAbsolute(dir))).slice(0, MAX_RECENT_DIRS);
  } catch {
    return [];
  }
}

/**
 * Put `dir` first in the list (once), keep at most MAX_RECENT_DIRS, and write the file with
 * tmp + rename so a crash mid-write leaves the old list, never half of one. Returns the new list.
 *
 * @example
 * rememberDir(file, '/srv/coord'); // ['/srv/coord', '/tmp/other']
 */
export function rememberDir(file: string, dir: string): string[] {
  const resolved = path.resolve(dir);
  const dirs = unique([resolved, ...readRecentDirs(file)]).slice(0, MAX_RECENT_DIRS);
  writeJsonAtomic(file, { dirs }, { mkdir: true });
  return dirs;
}

/**
 * Drop `dir` from the list (e.g. the operator picked a recent directory that no longer exists).
 *
 * @example
 * forgetDir(file, '/tmp/gone'); // the remaining list
 */
export function forgetDir(file: string, dir: string): string[] {
  const resolved = path.resolve(dir);
  const dirs = readRecentDirs(file).filter((d) => d !== resolved);
  writeJsonAtomic(file, { dirs }, { mkdir: true });
  return dirs;
}

function unique(dirs: readonly string[]): string[] {
  return [...new Set(dirs)];
}

/**
 * Empty the list (File > Open Recent > Clear Recent).
 *
 * @example
 * clearRecentDirs(file); // []
 */
export function clearRecentDirs(file: string): string[] {
  writeJsonAtomic(file, { dirs: [] }, { mkdir: true });
  return [];
}
