import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { hasErrnoCode } from '../errors.ts';

/**
 * Create `file` holding `data` only if no file has that name yet, and complete from the first
 * instant: write a sibling `NAME.tmp-<pid>-<random>`, then `link()` it to the name. `link()` is
 * atomic and fails with EEXIST instead of replacing, so among racing creators exactly one wins
 * and no reader ever sees the file empty or half-written (an `O_EXCL` open would show it empty
 * until the write lands). Returns false when the name was already taken. The temporary is
 * always removed; other errors are thrown.
 *
 * @example
 * if (!createFileExclusive('/coord/audit/lifecycle.jsonl.guard', JSON.stringify(record))) {
 *   // someone else holds it
 * }
 */
export function createFileExclusive(
  file: string,
  data: string | Uint8Array,
  options: { mkdir?: boolean } = {},
): boolean {
  if (options.mkdir) fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  fs.writeFileSync(tmp, data, { flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (error) {
    if (hasErrnoCode(error, 'EEXIST')) return false;
    throw error;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * {@link createFileExclusive} for a JSON value, written like `writeJsonAtomic` (2-space indent,
 * trailing newline): the first writer of a decision or record wins, the others get false.
 *
 * @example
 * if (!writeJsonExclusive('/coord/handoffs/pending/h1.decision.json', claim)) console.log('lost');
 */
export function writeJsonExclusive(
  file: string,
  value: unknown,
  options: { mkdir?: boolean } = {},
): boolean {
  return createFileExclusive(file, JSON.stringify(value, null, 2) + '\n', options);
}
