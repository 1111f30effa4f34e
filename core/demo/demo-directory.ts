import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BatonError, initDirectory, layout } from '../index.ts';

/** The name the demo gives its coordination directories (in baton.json), to recognise them. */
export const DEMO_DIRECTORY_NAME = 'baton-demo';

/**
 * The directory a demo may run in: a fresh temporary one when none is given; else one that does
 * not exist yet, is empty, or was made by an earlier demo. A demo's agents are fake, so it never
 * writes into a real fleet's directory. Initialised with `baton.json` (name `baton-demo`).
 *
 * @example
 * prepareDemoDirectory(undefined); // '/tmp/baton-demo-Xa81Zk'
 */
export function prepareDemoDirectory(dir: string | undefined): string {
  const target =
    dir === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'baton-demo-')) : path.resolve(dir);
  if (dir !== undefined && !usable(target)) {
    throw new BatonError(
      'invalid_argument',
      `refusing to run the demo fleet in ${target}: it is not empty and not an earlier demo's directory (use a new or empty directory, or leave out --dir)`,
      { dir: target },
    );
  }
  initDirectory(target, DEMO_DIRECTORY_NAME);
  return target;
}

function usable(dir: string): boolean {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  if (entries.length === 0) return true;
  try {
    const root = JSON.parse(fs.readFileSync(layout(dir).rootFile, 'utf8')) as { name?: unknown };
    return root.name === DEMO_DIRECTORY_NAME;
  } catch {
    return false;
  }
}
