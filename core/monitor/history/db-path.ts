import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BatonError } from '../../errors.ts';

/**
 * Where the history index of coordination directory `dir` lives: the monitor's own data
 * directory, one database per directory, named by a hash of the directory's real path (so a
 * symlinked or relative spelling of the same directory finds the same index). Refuses a data
 * directory inside the coordination directory: agents own that tree, and a database there
 * would be shared, synced and watched as if it were coordination state.
 *
 * @example
 * historyDbPath('/home/ana/.config/baton', '/srv/coord');
 * // '/home/ana/.config/baton/history-3f2a9c0d5e7b1a42.db'
 */
export function historyDbPath(dataDir: string, dir: string): string {
  const realDir = realpathOrResolved(dir);
  const realData = realpathOrResolved(dataDir);
  const rel = path.relative(realDir, realData);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new BatonError(
      'invalid_argument',
      `history data directory ${dataDir} is inside the coordination directory ${dir}; choose a directory outside it`,
      { dataDir, dir },
    );
  }
  const hash = crypto.createHash('sha256').update(realDir).digest('hex').slice(0, 16);
  return path.join(path.resolve(dataDir), `history-${hash}.db`);
}

/** Real path of `p`, or of its deepest existing ancestor joined with the rest. */
function realpathOrResolved(p: string): string {
  let probe = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(probe), ...rest);
    } catch {
      const parent = path.dirname(probe);
      if (parent === probe) return path.join(probe, ...rest);
      rest.unshift(path.basename(probe));
      probe = parent;
    }
  }
}
