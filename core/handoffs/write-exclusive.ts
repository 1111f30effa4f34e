import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { hasErrnoCode } from '../errors.ts';

/**
 * Create `file` holding `value` as JSON only if it does not exist yet, complete from the first
 * instant: write a sibling temp, then `link()` it to the name (atomic, and fails with EEXIST
 * instead of replacing). Returns false when the name was taken.
 *
 * @example
 * if (!writeJsonExclusive('/coord/handoffs/pending/h1.decision.json', claim)) console.log('lost');
 */
export function writeJsonExclusive(
  file: string,
  value: unknown,
  options: { mkdir?: boolean } = {},
): boolean {
  if (options.mkdir) fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { flag: 'wx' });
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
