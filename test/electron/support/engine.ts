import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMonitor, type Monitor } from '../../../core/monitor/create-monitor.ts';
import { initDirectory } from '../../../core/root.ts';

/** A real monitor engine on a fresh coordination directory (both removed by `close`). */
export async function startEngine(
  options: { dir?: string; init?: boolean } = {},
): Promise<{ dir: string; monitor: Monitor; close(): Promise<void> }> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'baton-electron-dir-'));
  if (options.init !== false) initDirectory(dir);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-electron-data-'));
  const monitor = await createMonitor({ dir, dataDir, pollIntervalMs: 200, operator: 'op@test' });
  return {
    dir,
    monitor,
    async close() {
      await monitor.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (!options.dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Poll until `check` holds (fails after `ms`). */
export async function until(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached in ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
