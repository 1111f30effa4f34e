import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeReply } from '../../core/api/bridge.ts';
import type { MonitorService } from '../../core/api/contract.ts';
import { createMonitor } from '../../core/monitor/create-monitor.ts';
import { acquireLease } from '../../core/leases/index.ts';
import { initDirectory } from '../../core/root.ts';
import { createEngineHost, type HostedEngine } from '../../electron/engine-host.ts';
import { CALL_CHANNEL } from '../../electron/ipc-channels.ts';
import { createIpcTransport } from '../../electron/ipc-transport.ts';
import { FakeContents, FakeIpcMain } from './support/fake-ipc.ts';
import { until } from './support/engine.ts';
import { useTempDir } from '../support/temp-dir.ts';

const tempDir = useTempDir('engine-host');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The shell's wiring as main.ts does it, on a fake ipcMain/webContents and real engines. */
function shell(recent: string[] = []) {
  const root = tempDir();
  const dataDir = path.join(root, 'data');
  const started: string[] = [];
  const closed: string[] = [];
  const switches: Array<string | undefined> = [];
  const ipcMain = new FakeIpcMain();
  const contents = new FakeContents();
  const transport = createIpcTransport({ ipcMain, contents: () => contents });
  const host = createEngineHost({
    start: async (dir): Promise<HostedEngine> => {
      started.push(dir);
      const monitor = await createMonitor({ dir, dataDir, pollIntervalMs: 200 });
      return {
        handlers: monitor.handlers,
        on: monitor.on,
        close: async () => {
          closed.push(dir);
          await monitor.close();
        },
      };
    },
    recentDirs: () => recent,
    onSwitch: (service: MonitorService | undefined, dir) => {
      switches.push(dir);
      transport.attach(service);
    },
  });
  cleanups.push(async () => {
    await host.close();
    transport.close();
  });
  const call = (method: string, input: unknown = {}) =>
    ipcMain.invoke(CALL_CHANNEL, contents.event(), method, input) as Promise<BridgeReply>;
  const coordDir = (name: string): string => {
    const dir = path.join(root, name);
    initDirectory(dir);
    return dir;
  };
  return { host, call, contents, started, closed, switches, coordDir };
}

describe('engine host (directory switching)', () => {
  it('serves the opened directory, with the recent list in info', async () => {
    const s = shell(['/elsewhere']);
    const a = s.coordDir('a');
    await s.host.open(a);
    expect(s.host.dir()).toBe(a);
    const info = await s.call('info');
    expect(info).toMatchObject({
      type: 'result',
      result: { dir: a, transport: 'ipc', recent_dirs: [a, '/elsewhere'] },
    });
  });

  it('restarts the engine on the new directory: the old one is detached and closed first', async () => {
    const s = shell();
    const a = s.coordDir('a');
    const b = s.coordDir('b');
    await s.host.open(a);
    await s.host.open(b);
    expect(s.started).toEqual([a, b]);
    expect(s.closed).toEqual([a]);
    expect(s.switches).toEqual([undefined, a, undefined, b]);
    expect(await s.call('info')).toMatchObject({ result: { dir: b } });

    s.contents.sent.length = 0;
    acquireLease(a, 'src/in-a.ts', { ttl_ms: 60_000, owner: { id: 'x' } });
    acquireLease(b, 'src/in-b.ts', { ttl_ms: 60_000, owner: { id: 'x' } });
    await until(
      () => JSON.stringify(s.contents.sent).includes('src/in-b.ts'),
      8000,
      'the delta from b',
    );
    expect(JSON.stringify(s.contents.sent)).not.toContain('src/in-a.ts');
  });

  it('serialises switches: the last directory asked for wins, each engine closed once', async () => {
    const s = shell();
    const dirs = ['a', 'b', 'c'].map((n) => s.coordDir(n));
    await Promise.all(dirs.map((dir) => s.host.open(dir)));
    expect(s.host.dir()).toBe(dirs[2]);
    expect(s.closed).toEqual(dirs.slice(0, 2));
    await s.host.close();
    expect(s.closed).toEqual(dirs);
    expect(await s.call('info')).toMatchObject({ type: 'error', error: { code: 'unavailable' } });
    await expect(s.host.open(dirs[0] ?? '')).rejects.toThrow(/closed/);
  });

  it('opens a directory that does not exist yet: the engine reports it unavailable', async () => {
    const s = shell();
    const missing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-host-')), 'not-yet');
    cleanups.push(() => fs.rmSync(path.dirname(missing), { recursive: true, force: true }));
    await s.host.open(missing);
    expect(await s.call('snapshot')).toMatchObject({
      result: { status: { state: 'unavailable' } },
    });
  });
});
