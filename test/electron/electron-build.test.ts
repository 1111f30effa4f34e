import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { builtinModules } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLease } from '../../core/leases/index.ts';
import { initDirectory } from '../../core/root.ts';
import { REPO_ROOT, runNode } from '../support/processes.ts';

// Builds the shell once with the real build script into an app-like tree (dist/electron next
// to renderer/dist), then inspects what Electron would load and boots the bundled main process
// on a fake `electron` module (the real binary cannot be downloaded here).
let appRoot: string;
let outdir: string;
beforeAll(async () => {
  appRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-electron-build-'));
  outdir = path.join(appRoot, 'dist/electron');
  const result = await runNode('scripts/build-electron.mjs', ['--outdir', outdir, '--quiet'], {
    timeoutMs: 120_000,
  });
  if (result.code !== 0) throw new Error(`build failed: ${result.stderr}`);
  fs.mkdirSync(path.join(appRoot, 'renderer/dist'), { recursive: true });
  fs.writeFileSync(
    path.join(appRoot, 'renderer/dist/index.html'),
    '<!doctype html><title>Baton UI</title>',
  );
  fs.writeFileSync(path.join(appRoot, 'secret.txt'), 'TOP SECRET');
}, 120_000);
afterAll(() => {
  fs.rmSync(appRoot, { recursive: true, force: true });
});

function requiresOf(file: string): string[] {
  const text = fs.readFileSync(path.join(outdir, file), 'utf8');
  return [
    ...new Set([...text.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1] ?? '')),
  ].sort();
}

describe('scripts/build-electron.mjs', () => {
  it('bundles the preload to ONE CommonJS file whose only require is electron (sandbox-safe)', () => {
    expect(fs.existsSync(path.join(outdir, 'preload.cjs'))).toBe(true);
    expect(requiresOf('preload.cjs')).toEqual(['electron']);
  });

  it('the bundled preload exposes exactly window.batonBridge with three members, nothing raw', () => {
    const exposed: Array<{ key: string; api: Record<string, unknown> }> = [];
    const fakeElectron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: Record<string, unknown>) =>
          exposed.push({ key, api }),
      },
      ipcRenderer: {
        invoke: () => Promise.resolve(),
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    const module = { exports: {} };
    // What a sandboxed preload gets: a require that knows `electron` and little else.
    const sandboxRequire = (name: string): unknown => {
      if (name === 'electron') return fakeElectron;
      throw new Error(`module not found in the sandbox: ${name}`);
    };
    const code = fs.readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
    vm.runInNewContext(code, {
      require: sandboxRequire,
      module,
      exports: module.exports,
      process: { platform: 'linux' },
    });
    expect(exposed.map((e) => e.key)).toEqual(['batonBridge']);
    expect(Object.keys(exposed[0]?.api ?? {}).sort()).toEqual(['call', 'onEvent', 'platform']);
    expect(Object.values(exposed[0]?.api ?? {})).not.toContain(fakeElectron.ipcRenderer);
  });

  it('bundles the main process; only electron, better-sqlite3 and Node built-ins stay external', () => {
    const external = requiresOf('main.cjs').filter(
      (name) => !name.startsWith('node:') && !builtinModules.includes(name),
    );
    expect(external).toContain('electron');
    for (const name of external) expect(['electron', 'better-sqlite3']).toContain(name);
    const text = fs.readFileSync(path.join(outdir, 'main.cjs'), 'utf8');
    // CommonJS has no import.meta: every use was rewritten to the bundle's own URL.
    expect(text).not.toMatch(/import\.meta/);
  });

  it('builds every worker thread core starts, next to main.cjs, and points main at it', () => {
    const text = fs.readFileSync(path.join(outdir, 'main.cjs'), 'utf8');
    const workers = [...text.matchAll(/new URL\("\.\/([^"]+\.cjs)"/g)].map((m) => m[1] ?? '');
    for (const worker of workers)
      expect(fs.existsSync(path.join(outdir, worker)), worker).toBe(true);
    expect(text).not.toMatch(/new URL\("\.\/[^"]+\.ts"/);
  });
});

type Report = Record<string, unknown>;

/** The bundled main.cjs running in Node on the fake electron module, driven over child IPC. */
function bootMain(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    [
      '--require',
      path.join(REPO_ROOT, 'test/electron/support/use-fake-electron.cjs'),
      path.join(outdir, 'main.cjs'),
    ],
    {
      cwd: appRoot,
      env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules'), ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const reports: Report[] = [];
  const waiting = new Map<number, (value: unknown) => void>();
  let stderr = '';
  let nextId = 1;
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout?.resume();
  child.on('message', (message: { report?: Report; id?: number; value?: unknown }) => {
    if (message.report) reports.push(message.report);
    if (message.id !== undefined) waiting.get(message.id)?.(message.value);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    reports,
    stderr: () => stderr,
    exited,
    ask(message: Record<string, unknown>): Promise<unknown> {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        child.send({ ...message, id });
      });
    },
    async reported(key: string, ms = 20_000): Promise<Report> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = reports.find((r) => key in r);
        if (found) return found;
        if (Date.now() > deadline || child.exitCode !== null) {
          // Messages sent just before exiting may still be in the pipe: one last look.
          await new Promise((resolve) => setTimeout(resolve, 200));
          const late = reports.find((r) => key in r);
          if (late) return late;
          throw new Error(`main.cjs never reported ${key}; stderr: ${stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

describe('the bundled main process, booted on a fake electron module', () => {
  it('hardens, serves the contract over IPC from our main frame only, and quits cleanly', async () => {
    const coord = path.join(appRoot, 'coord');
    initDirectory(coord);
    acquireLease(coord, 'src/stale.ts', { ttl_ms: 0, owner: { id: 'crashed' } });
    const main = bootMain({
      FAKE_USER_DATA: path.join(appRoot, 'user-data'),
      BATON_DIR: coord,
      BATON_DATA_DIR: path.join(appRoot, 'data'),
    });
    try {
      expect(await main.reported('schemes')).toMatchObject({
        schemes: [{ scheme: 'app', privileges: { standard: true, secure: true } }],
        beforeReady: true,
      });
      expect(await main.reported('enableSandbox')).toEqual({ enableSandbox: true });
      const window = (await main.reported('window')).window as {
        webPreferences: Record<string, unknown>;
      };
      expect(window.webPreferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        preload: path.join(outdir, 'preload.cjs'),
      });
      expect(await main.reported('loaded')).toEqual({ loaded: 'app://baton/index.html' });
      expect((await main.reported('menu')).menu).toContain('File');

      // IPC: our main frame gets answers from the engine on BATON_DIR; anything else is refused.
      const info = await main.ask({
        op: 'invoke',
        channel: 'baton:call',
        frame: 'main',
        method: 'info',
        input: {},
      });
      expect(info).toMatchObject({ type: 'result', result: { dir: coord, transport: 'ipc' } });
      expect((info as { result: { recent_dirs: string[] } }).result.recent_dirs[0]).toBe(coord);
      for (const frame of ['sub', 'gone', 'other-window', 'https://evil.example/']) {
        expect(
          await main.ask({
            op: 'invoke',
            channel: 'baton:call',
            frame,
            method: 'snapshot',
            input: {},
          }),
          frame,
        ).toMatchObject({ type: 'error', error: { code: 'unauthorized' } });
      }
      expect(
        await main.ask({
          op: 'invoke',
          channel: 'baton:call',
          frame: 'main',
          method: 'nope',
          input: {},
        }),
      ).toMatchObject({ type: 'error', error: { code: 'unknown_request' } });
      expect(
        await main.ask({
          op: 'invoke',
          channel: 'baton:call',
          frame: 'main',
          method: 'search',
          input: { query: '' },
        }),
      ).toMatchObject({ type: 'error', error: { code: 'bad_request' } });
      expect(await main.ask({ op: 'invoke', channel: 'baton:other', frame: 'main' })).toMatchObject(
        {
          thrown: expect.stringContaining('No handler'),
        },
      );

      // app:// serves renderer/dist beside dist/electron, with the CSP header, and nothing else.
      expect(await main.ask({ op: 'fetch', url: 'app://baton/index.html' })).toMatchObject({
        status: 200,
        csp: expect.stringContaining("script-src 'self'"),
        body: expect.stringContaining('Baton UI'),
      });
      expect(
        await main.ask({ op: 'fetch', url: 'app://baton/%2e%2e/%2e%2e/secret.txt' }),
      ).toMatchObject({
        status: 404,
      });

      // Guards on every webContents; permissions denied.
      expect(await main.ask({ op: 'navigate', url: 'https://evil.example/' })).toBe(true);
      expect(await main.ask({ op: 'open', url: 'https://example.com/docs' })).toEqual({
        action: 'deny',
      });
      expect(await main.reported('openExternal')).toEqual({
        openExternal: 'https://example.com/docs',
      });
      expect(await main.ask({ op: 'open', url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
      expect(await main.ask({ op: 'permission' })).toEqual({ granted: false, checked: false });

      // The stale lease at start-up is on the badge; the recent list remembers the directory.
      expect(await main.reported('badge')).toEqual({ badge: 1 });
      expect(main.reports.filter((r) => 'badge' in r)).toEqual([{ badge: 1 }]);
      const recent = JSON.parse(
        fs.readFileSync(path.join(appRoot, 'user-data', 'recent-dirs.json'), 'utf8'),
      ) as {
        dirs: string[];
      };
      expect(recent.dirs).toEqual([coord]);

      await main.ask({ op: 'quit' });
      // Quit waits for the engine to close (before-quit), then exits 0.
      expect(await main.reported('quit')).toEqual({ quit: true });
      expect(await main.exited).toBe(0);
      // The only complaints: the four refused senders, each logged once.
      const lines = main.stderr().trim().split('\n');
      expect(lines).toHaveLength(4);
      for (const line of lines) expect(line).toMatch(/^baton: IPC call refused: /);
    } finally {
      main.child.kill('SIGKILL');
    }
  });
});
