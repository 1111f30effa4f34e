import fs from 'node:fs';
import path from 'node:path';
import { runNode, type ProcessResult } from '../../support/processes.ts';

/**
 * Start worker processes that meet at the file barrier of slot-clock.ts (each writes
 * `ready-<id>` in `syncDir`, then waits for `go`), then give them a common start time `lead_ms`
 * from now; resolves with every worker's result. Races need all workers loaded first: a Node
 * start takes longer than the race itself. A worker that exits non-zero fails the run.
 *
 * @example
 * const results = await runSlottedWorkers(syncDir, [
 *   { id: 'a1', script: 'test/core/unsettled/fixtures/ack-envelope.ts', args: [dir, 'p', 'e1', 'a1', syncDir] },
 * ]);
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
