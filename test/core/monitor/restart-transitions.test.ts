// Review 2, N4: a monitor restart records only what changed since the history's last
// transitions, not an acquisition per existing lease and a crash per crashed agent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MonitorClient } from '../../../core/api/contract.ts';
import { createMonitor, type Monitor } from '../../../core/monitor/create-monitor.ts';
import { createInProcessClient } from '../../../core/monitor/in-process-client.ts';
import { initDirectory } from '../../../core/root.ts';
import { actor } from './monitor-harness.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('monitor-restart');
const open: Monitor[] = [];
const dataDirs: string[] = [];
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
  for (const d of dataDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function start(dir: string, dataDir: string): Promise<{ m: Monitor; c: MonitorClient }> {
  const m = await createMonitor({ dir, dataDir, pollIntervalMs: 200 });
  open.push(m);
  return { m, c: createInProcessClient(m) };
}

async function transitionsSince(c: MonitorClient, from: number) {
  const { transitions } = await c.timeline({ from_ms: from, to_ms: Date.now() + 1000 });
  return transitions.map((t) => [t.key, t.kind, t.detail]);
}

describe('transitions at monitor start', () => {
  it('a restart records only leases and agents whose state differs from the last recorded one', async () => {
    const dir = tempDir();
    initDirectory(dir);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-monitor-data-'));
    dataDirs.push(dataDir);
    const long = 3_600_000;
    const results = await actor(dir, [
      { op: 'heartbeat', id: 'a1', pid: process.pid, now: Date.now() - long, timeout_ms: 1000 },
      { op: 'heartbeat', id: 'a2', pid: process.pid, timeout_ms: long },
      { op: 'acquire', resource: 'src/a.ts', owner: { id: 'a2', agent: 'a2' }, ttl_ms: long },
      { op: 'acquire', resource: 'src/b.ts', owner: { id: 'a1', agent: 'a1' }, ttl_ms: long },
      { op: 'acquire', resource: 'src/c.ts', owner: { id: 'a2', agent: 'a2' }, ttl_ms: long },
    ]);
    const first = await start(dir, dataDir);
    const t1 = Date.now();
    expect(
      (await transitionsSince(first.c, 0)).map(([key, kind]) => `${key} ${kind}`).sort(),
    ).toEqual([
      'a1 agent.crashed',
      'a2 agent.observed',
      'locks/src/a.ts.lock.d lease.acquired',
      'locks/src/b.ts.lock.d lease.acquired',
      'locks/src/c.ts.lock.d lease.acquired',
    ]);
    await first.m.close();
    open.splice(0);

    // While no monitor watches: c.ts is released, d.ts acquired.
    const token = (results[4] as { token: string }).token;
    await actor(dir, [
      { op: 'release', resource: 'src/c.ts', token },
      { op: 'acquire', resource: 'src/d.ts', owner: { id: 'a2', agent: 'a2' }, ttl_ms: long },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await start(dir, dataDir);
    const since = (await transitionsSince(second.c, t1 + 1)).sort();
    expect(since).toEqual([
      ['locks/src/c.ts.lock.d', 'lease.released', 'a2: not found at monitor start'],
      ['locks/src/d.ts.lock.d', 'lease.acquired', 'a2 (observed at monitor start)'],
    ]);
  });
});
