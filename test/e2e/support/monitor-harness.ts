import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMonitor, type Monitor } from '../../../core/monitor/create-monitor.ts';
import { startMonitorServer } from '../../../core/server/monitor-server.ts';
import { BATON_BIN, REPO_ROOT } from '../../support/processes.ts';

/**
 * The monitor the end-to-end tests drive, on a temp coordination directory the test writes
 * through the core library (as agents would):
 *   - `cli` (default): the real `baton monitor --no-open --json` as a child process, exactly
 *     what an operator runs;
 *   - `in-process`: the same engine and server started in this process, for the benchmark,
 *     which also listens to the engine's deltas to split latency into its parts.
 * Either way the page is the built renderer (renderer/dist) served by the real server.
 */
export type MonitorHarness = {
  dir: string;
  url: string;
  token: string;
  /** Make a request of the contract over HTTP (POST /api/call/:method), as any client may. */
  call(method: string, input: unknown): Promise<unknown>;
  /** The engine itself, in `in-process` mode only. */
  monitor: Monitor | undefined;
  close(): Promise<void>;
};

export const RENDERER_DIST = path.join(REPO_ROOT, 'renderer/dist');

export type HarnessOptions = {
  dir?: string;
  seed?: (dir: string) => void;
  mode?: 'cli' | 'in-process';
  /** A fixed port (e.g. to restart a monitor where a page expects it); any free one by default. */
  port?: number;
};

export async function startHarness(options: HarnessOptions = {}): Promise<MonitorHarness> {
  if (!fs.existsSync(path.join(RENDERER_DIST, 'index.html'))) {
    throw new Error('renderer/dist is missing: run `npm run build:renderer` first');
  }
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'baton-e2e-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-e2e-data-'));
  options.seed?.(dir);
  const mode =
    options.mode ?? (process.env['BATON_E2E_MODE'] === 'in-process' ? 'in-process' : 'cli');
  const cleanup = () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (!options.dir) fs.rmSync(dir, { recursive: true, force: true });
  };

  if (mode === 'in-process') {
    const monitor = await createMonitor({
      dir,
      dataDir,
      pollIntervalMs: 500,
      operator: 'operator@e2e',
    });
    const server = await startMonitorServer({
      service: monitor,
      staticDir: RENDERER_DIST,
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
    return {
      dir,
      url: server.url,
      token: server.token,
      call: (method, input) => httpCall(server.url, server.token, method, input),
      monitor,
      async close() {
        await server.close();
        await monitor.close();
        cleanup();
      },
    };
  }

  const child = spawn(
    process.execPath,
    [
      BATON_BIN,
      ...['--dir', dir, '--json', 'monitor', '--no-open', '--data-dir', dataDir],
      ...(options.port !== undefined ? ['--port', String(options.port)] : []),
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const started = await firstJsonLine(child, 120_000);
  return {
    dir,
    url: started.url,
    token: started.token,
    call: (method, input) => httpCall(started.url, started.token, method, input),
    monitor: undefined,
    async close() {
      await stopChild(child);
      cleanup();
    },
  };
}

async function httpCall(
  url: string,
  token: string,
  method: string,
  input: unknown,
): Promise<unknown> {
  const response = await fetch(new URL(`/api/call/${method}`, url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input ?? {}),
  });
  const body = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`${method}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

function firstJsonLine(
  child: ChildProcess,
  timeoutMs: number,
): Promise<{ url: string; token: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`baton monitor printed no URL within ${timeoutMs} ms\n${err}`));
    }, timeoutMs);
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.trim().startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as { url: string; token: string });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`baton monitor exited with ${code} before printing its URL\n${err}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
