import fs from 'node:fs';
import type { ProcessResult } from '../../support/processes.ts';

/** Parse the JSON lines every worker printed. */
export function jsonLines<T>(results: ProcessResult[]): T[] {
  return results.flatMap((r) =>
    r.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as T),
  );
}

/** Every path under `root` (relative, sorted), to prove a refused call wrote nothing. */
export function treeOf(root: string): string[] {
  for (let attempt = 0; ; attempt++) {
    if (!fs.existsSync(root)) return [];
    try {
      return (fs.readdirSync(root, { recursive: true }) as string[]).sort();
    } catch (error) {
      // A directory removed while being walked (a release deleting its tombstone in the
      // background): the walk fails with ENOENT, and reading again sees the tree without it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 100) throw error;
    }
  }
}

/**
 * Wait (at most 5 s) until no tombstone is left under `root`: releases delete the tombstone
 * directory in the background, so a test that asserts on the tree lets that finish first.
 */
export async function tombstonesCleared(root: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (treeOf(root).some((p) => p.includes('.tomb-'))) {
    if (Date.now() > deadline) throw new Error(`tombstones left under ${root}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
