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
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).sort();
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
