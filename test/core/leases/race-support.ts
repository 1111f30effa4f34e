import fs from 'node:fs';
import path from 'node:path';
import { runNode, type ProcessResult } from '../../support/processes.ts';

/**
 * Start `count` worker processes that meet at the file barrier of fixtures/slot-clock.ts, then
 * give them a common start time `lead_ms` from now; resolves with every worker's result.
 */
export async function runSlottedWorkers(
  syncDir: string,
  workers: { script: string; args: string[]; id: string }[],
  options: { lead_ms?: number; timeout_ms?: number } = {},
): Promise<ProcessResult[]> {
  fs.mkdirSync(syncDir, { recursive: true });
  const running = workers.map((w) =>
    runNode(w.script, w.args, { timeoutMs: options.timeout_ms ?? 60_000 }),
  );
  const deadline = Date.now() + 30_000;
  while (workers.some((w) => !fs.existsSync(path.join(syncDir, `ready-${w.id}`)))) {
    if (Date.now() > deadline) throw new Error('workers did not start within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // Written whole by a rename: a worker polling for it must never read it empty (Number('') is
  // 0, a start time long past, and that worker would do nothing).
  const go = path.join(syncDir, 'go');
  fs.writeFileSync(`${go}.tmp`, String(Date.now() + (options.lead_ms ?? 50)));
  fs.renameSync(`${go}.tmp`, go);
  const results = await Promise.all(running);
  for (const r of results) {
    if (r.code !== 0) throw new Error(`worker failed (${r.code}): ${r.stderr}`);
  }
  return results;
}

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
