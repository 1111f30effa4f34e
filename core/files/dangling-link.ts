import fs from 'node:fs';
import type { Diagnostic } from './diagnostic.ts';

/**
 * The target of `file` when it is a symbolic link that leads nowhere, else undefined (a real
 * file, a working link, or nothing there at all). Readers call it after ENOENT, to tell "absent"
 * from "someone put a broken link here", which an operator must be told about.
 *
 * @example
 * danglingLinkTarget('/coord/agents/a1.json'); // '/old/place/a1.json' when the link is broken
 */
export function danglingLinkTarget(file: string): string | undefined {
  try {
    if (!fs.lstatSync(file).isSymbolicLink()) return undefined;
    if (fs.existsSync(file)) return undefined; // a working link
    return fs.readlinkSync(file);
  } catch {
    return undefined; // really absent (or gone meanwhile)
  }
}

/**
 * The `unreadable` diagnostic of a broken link at `file`, naming its target; undefined when
 * `file` is not one (readers call it after ENOENT, which otherwise means "absent").
 *
 * @example
 * danglingLinkDiagnostic('/coord/agents/a1.json')?.message;
 * // '/coord/agents/a1.json: a symbolic link to /old/a1.json, which does not exist'
 */
export function danglingLinkDiagnostic(file: string): Diagnostic | undefined {
  const target = danglingLinkTarget(file);
  if (target === undefined) return undefined;
  return {
    path: file,
    reason: 'unreadable',
    message: `${file}: a symbolic link to ${target}, which does not exist`,
  };
}
