import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { initDirectory } from '../../../core/root.ts';
import type { Snapshot } from '../../../core/api/views.ts';
import {
  getJson,
  processesMentioning,
  startBaton,
  type RunningBaton,
} from '../support/baton-process.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('start-command');
let running: RunningBaton | undefined;
afterEach(async () => {
  await running?.stop('SIGKILL');
  running = undefined;
});

const URL_LINE =
  /^baton monitor: (http:\/\/127\.0\.0\.1:\d+\/\?token=([A-Za-z0-9_-]+)) \(watching (.+); Ctrl\+C to stop\)$/m;
const DEMO_LINE = /^baton: demo fleet running in (.+) \(removed on quit\)$/m;
const NO_ELECTRON =
  /^baton: no Electron binary \(.+\); opening the monitor in your browser instead$/m;

async function until<T>(read: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not seen in ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('baton start', () => {
  it('without --dir: a living demo fleet in web mode; SIGTERM stops fleet and engine and removes it', async () => {
    // No binary here; the override makes that certain even on a machine that has one.
    running = startBaton(['start', '--no-open'], {
      ELECTRON_OVERRIDE_DIST_PATH: path.join(tempDir(), 'none'),
    });
    const [, demoDir = ''] = await running.waitFor(DEMO_LINE);
    await running.waitFor(NO_ELECTRON);
    const [, url = '', token = '', watched] = await running.waitFor(URL_LINE);
    expect(watched).toBe(demoDir);
    // Exactly these three lines, in this order.
    expect(
      running
        .stdout()
        .trim()
        .split('\n')
        .map((l) => l.slice(0, 22)),
    ).toEqual([
      'baton: demo fleet runn',
      'baton: no Electron bin',
      `baton monitor: ${url.slice(0, 7)}`,
    ]);
    const alive = await until(
      async () => {
        const { body } = await getJson(url, '/api/snapshot', token);
        const s = body as Snapshot;
        return s.agents?.length > 0 && s.leases?.length > 0 ? s : undefined;
      },
      40_000,
      'agents and leases of the demo fleet',
    );
    expect(alive.status.dir).toBe(demoDir);
    expect(processesMentioning(demoDir).length).toBeGreaterThan(0);

    expect(await running.stop('SIGTERM', 30_000), running.stderr()).toEqual({
      code: 0,
      signal: null,
    });
    running = undefined;
    expect(processesMentioning(demoDir)).toEqual([]);
    expect(fs.existsSync(demoDir)).toBe(false);
  });

  it('--dir --web: watches that directory, says nothing of Electron, keeps the directory', async () => {
    const dir = tempDir();
    initDirectory(dir);
    running = startBaton(['start', '--dir', dir, '--web', '--no-open'], {
      BATON_DATA_DIR: path.join(dir, '..', 'data'),
    });
    const [, url = '', token = '', watched] = await running.waitFor(URL_LINE);
    expect(watched).toBe(dir);
    expect(running.stdout().trim().split('\n')).toHaveLength(1);
    expect((await getJson(url, '/api/snapshot', token)).body).toMatchObject({
      status: { dir, watching: 'events' },
    });
    expect(await running.stop('SIGINT', 30_000), running.stderr()).toEqual({
      code: 0,
      signal: null,
    });
    running = undefined;
    expect(fs.existsSync(path.join(dir, 'baton.json'))).toBe(true);
  });

  it('--dir --polling --data-dir: polls, and keeps the history index where it was told', async () => {
    const dir = tempDir();
    initDirectory(dir);
    // Beside the directory, not in it (an index inside the directory it watches is refused).
    const dataDir = `${dir}-index`;
    onTestFinished(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    running = startBaton([
      'start',
      '--dir',
      dir,
      '--web',
      '--no-open',
      '--polling',
      '--data-dir',
      dataDir,
    ]);
    const [, url = '', token = ''] = await running.waitFor(URL_LINE);
    expect((await getJson(url, '/api/snapshot', token)).body).toMatchObject({
      status: { dir, watching: 'polling' },
    });
    // The index is opened by the engine's worker, just after the URL line.
    await until(
      async () =>
        fs.readdirSync(dataDir).some((f) => /^history-.+\.db$/.test(f)) ? true : undefined,
      10_000,
      'the history index in --data-dir',
    );
    expect(await running.stop('SIGINT', 30_000), running.stderr()).toEqual({
      code: 0,
      signal: null,
    });
    running = undefined;
  });
});
