import fs from 'node:fs';
import { danglingLinkDiagnostic } from './dangling-link.ts';
import type { Diagnostic } from './diagnostic.ts';

/**
 * What is wrong at `dir`, a path where the layout (docs/format.md) puts a directory: a file
 * stands there (`malformed`), or a symbolic link to nowhere (`unreadable`). Undefined when it is
 * a directory (or a link to one), or when nothing is there: a family's directories appear on
 * first write. Readers list a directory's entries as none when it is not one, so without this
 * a stray file would hide everything that belongs there without a word.
 *
 * @example
 * directoryProblem('/coord/runs/r1'); // { path, reason: 'malformed', message: '/coord/runs/r1: not a directory ...' }
 */
export function directoryProblem(dir: string): Diagnostic | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return danglingLinkDiagnostic(dir);
  }
  if (stat.isDirectory()) return undefined;
  return {
    path: dir,
    reason: 'malformed',
    message: `${dir}: not a directory (the layout has a directory here; nothing under it can be read)`,
  };
}
