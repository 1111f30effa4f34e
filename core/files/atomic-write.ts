import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

/**
 * Replace `file` with `value` as JSON so that no reader ever sees it half-written: write a
 * sibling `NAME.tmp-<pid>-<random>`, then rename over `NAME` (atomic within one directory).
 * The temporary file is removed if anything fails.
 *
 * @example
 * writeJsonAtomic('/coord/agents/builder-1.json', { schema: 'baton.agent.v1', id: 'builder-1' });
 */
export function writeJsonAtomic(
  file: string,
  value: unknown,
  options: { mkdir?: boolean } = {},
): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n', options);
}

/** Same as {@link writeJsonAtomic} for a string payload. */
export function writeFileAtomic(
  file: string,
  data: string,
  options: { mkdir?: boolean } = {},
): void {
  const dir = path.dirname(file);
  if (options.mkdir) fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  try {
    fs.writeFileSync(tmp, data, { flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (error) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // the original error is the one worth reporting
    }
    throw error;
  }
}

/** True for names of temporaries left by {@link writeFileAtomic}: readers skip them. */
export function isAtomicTemp(name: string): boolean {
  return /\.tmp-\d+-[0-9a-f]+$/.test(name);
}
