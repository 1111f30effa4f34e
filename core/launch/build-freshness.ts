import fs from 'node:fs';
import path from 'node:path';

/** Whether a build output is there and newer than every one of its inputs. */
export type BuildFreshness = 'fresh' | 'missing' | 'stale';

/**
 * Compare a build's output file with its inputs (files or directories, walked recursively;
 * missing ones are skipped): `missing` without the output, `stale` when an input changed after
 * it was written. mtimes are enough here: the question is "did someone edit since the build".
 *
 * @example
 * buildFreshness('renderer/dist/index.html', ['renderer/src', 'renderer/index.html']); // 'stale'
 */
export function buildFreshness(output: string, inputs: readonly string[]): BuildFreshness {
  let built: number;
  try {
    built = fs.statSync(output).mtimeMs;
  } catch {
    return 'missing';
  }
  return newestMtime(inputs) > built ? 'stale' : 'fresh';
}

/**
 * The newest modification time under `paths` (0 when none exist). Skips node_modules and
 * dot-directories, which are never inputs of ours.
 *
 * @example
 * newestMtime(['renderer/src']); // 1732300000000
 */
export function newestMtime(paths: readonly string[]): number {
  let newest = 0;
  const visit = (p: string): void => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (!st.isDirectory()) {
      newest = Math.max(newest, st.mtimeMs);
      return;
    }
    for (const name of fs.readdirSync(p)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      visit(path.join(p, name));
    }
  };
  for (const p of paths) visit(p);
  return newest;
}
