import fs from 'node:fs';
import path from 'node:path';
import { isIgnoredPath } from './classify-path.ts';

/** One entry the walk found: absolute path, path relative to the root, and whether a directory. */
export interface WalkEntry {
  absolute: string;
  rel: string;
  directory: boolean;
}

/**
 * Walk `start` (a directory under `root`) depth-first and report every entry that is not
 * ignored (temporaries, tombstones, guards). Symlinks are reported, never followed. Unreadable
 * directories are reported to `onError` and skipped: a walk never throws on content.
 *
 * @example
 * walkTree('/coord', '/coord', (e) => console.log(e.rel), (p, err) => log(p, err));
 */
export function walkTree(
  root: string,
  start: string,
  onEntry: (entry: WalkEntry) => void,
  onError: (dir: string, error: Error) => void,
): void {
  const stack: string[] = [start];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') onError(dir, error as Error);
      continue;
    }
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      const rel = path.relative(root, absolute).split(path.sep).join('/');
      if (isIgnoredPath(rel)) continue;
      const directory = entry.isDirectory();
      onEntry({ absolute, rel, directory });
      if (directory) stack.push(absolute);
    }
  }
}
