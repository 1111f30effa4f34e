import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLease } from '../../../core/leases/index.ts';
import { initDirectory } from '../../../core/root.ts';
import { parseRoomRef, post } from '../../../core/rooms/index.ts';
import { getJson, startBaton, type RunningBaton } from '../../electron/support/baton-process.ts';
import { runBaton } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('monitor-command');
let running: RunningBaton | undefined;
afterEach(async () => {
  await running?.stop('SIGKILL');
  running = undefined;
});

const URL_LINE =
  /^baton monitor: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)) \(watching (.+); Ctrl\+C to stop\)\n/m;

describe('baton monitor', () => {
  it('prints ONE line with the URL, serves the snapshot with the token only, and exits 0 on SIGTERM', async () => {
    const dir = path.join(tempDir(), 'coord');
    initDirectory(dir);
    acquireLease(dir, 'src/a.ts', { ttl_ms: 600_000, owner: { id: 'builder-1' } });
    const dataDir = path.join(tempDir(), 'data');
    running = startBaton(['monitor', '--dir', dir, '--no-open', '--data-dir', dataDir]);
    const [, url = '', , token = '', watched] = await running.waitFor(URL_LINE);
    expect(watched).toBe(dir);
    expect(running.stdout().split('\n').filter(Boolean)).toHaveLength(1);

    expect((await getJson(url, '/api/snapshot')).status).toBe(401);
    expect((await getJson(url, '/api/snapshot', 'wrong')).status).toBe(401);
    const snapshot = await getJson(url, '/api/snapshot', token);
    expect(snapshot.status).toBe(200);
    expect(snapshot.body).toMatchObject({
      status: { state: 'ready', dir },
      leases: [{ resource_path: 'src/a.ts' }],
    });
    expect((await getJson(url, `/api/snapshot?token=${token}`)).status).toBe(200);
    expect(fs.existsSync(dataDir)).toBe(true);

    const exit = await running.stop('SIGTERM', 30_000);
    expect(exit, running.stderr()).toEqual({ code: 0, signal: null });
    await expect(fetch(new URL('/api/snapshot', url))).rejects.toThrow();
    running = undefined;
  });

  it('--json prints one JSON line; --port is honoured; Ctrl+C (SIGINT) closes cleanly', async () => {
    const dir = tempDir();
    initDirectory(dir);
    const probe = await import('node:net').then(
      (net) =>
        new Promise<number>((resolve) => {
          const server = net.createServer().listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
          });
        }),
    );
    running = startBaton([
      'monitor',
      '--dir',
      dir,
      '--no-open',
      '--json',
      '--port',
      String(probe),
      '--data-dir',
      path.join(dir, '..', 'd'),
    ]);
    await running.waitFor(/^\{.*\}\n/m);
    const doc = JSON.parse(running.stdout()) as {
      url: string;
      port: number;
      token: string;
      dir: string;
    };
    expect(doc).toMatchObject({ port: probe, dir });
    expect(doc.url).toBe(`http://127.0.0.1:${probe}/?token=${doc.token}`);
    expect(await running.stop('SIGINT', 30_000), running.stderr()).toEqual({
      code: 0,
      signal: null,
    });
    running = undefined;
  });

  it('--threshold raises an attention item that soon: a request unanswered for 1 s', async () => {
    const dir = path.join(tempDir(), 'coord');
    initDirectory(dir);
    post(dir, parseRoomRef('task/t1/plan'), { kind: 'request', body: 'review?', from: 'bob' });
    running = startBaton([
      'monitor',
      '--dir',
      dir,
      '--no-open',
      '--data-dir',
      path.join(tempDir(), 'data'),
      '--threshold',
      'request_unanswered=1s',
    ]);
    const [, url = '', , token = ''] = await running.waitFor(URL_LINE);
    const deadline = Date.now() + 15_000;
    let kinds: string[] = [];
    while (Date.now() < deadline && !kinds.includes('request_unanswered')) {
      const body = (await getJson(url, '/api/snapshot', token)).body as {
        attention: Array<{ kind: string }>;
      };
      kinds = body.attention.map((a) => a.kind);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(kinds).toContain('request_unanswered');
  });

  it('refuses a missing --dir and a bad --port with a usage error', async () => {
    const missing = await runBaton(['monitor', '--no-open'], { env: { BATON_DIR: '' } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--dir');
    const badPort = await runBaton(['monitor', '--dir', tempDir(), '--port', '99999', '--no-open']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('--port');
    const badThreshold = await runBaton([
      'monitor',
      '--dir',
      tempDir(),
      '--threshold',
      'soon=1m',
      '--no-open',
    ]);
    expect(badThreshold.code).toBe(2);
    expect(badThreshold.stderr).toContain('--threshold');
    const badEnv = await runBaton(['monitor', '--dir', tempDir(), '--no-open'], {
      env: { BATON_THRESHOLDS: '{oops' },
    });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toContain('BATON_THRESHOLDS: not JSON');
  });
});
