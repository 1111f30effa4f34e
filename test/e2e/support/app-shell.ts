import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { BatonBridge } from '../../../core/api/bridge.ts';
import { locateElectronBinary } from '../../../core/launch/electron-binary.ts';
import { repoPaths } from '../../../core/launch/repo-paths.ts';
import { toReply } from '../../../renderer/src/client/ipc-carrier.ts';
import type { Theme } from '../../../renderer/src/state/ui-store.ts';
import { launchElectronApp } from '../../electron/support/electron-app.ts';
import { launchChromium } from './browser.ts';
import { startHarness } from './monitor-harness.ts';
import { DEFAULT_VIEWPORT, openMonitor, waitUntilLive } from './page-helpers.ts';

/**
 * The monitor app as the end-to-end tests see it, in whichever shell the suite runs:
 *   - `web` (default): `baton monitor` (monitor-harness.ts) and Debian's Chromium, one browser
 *     context per window;
 *   - `electron` (BATON_E2E_SHELL=electron, set by `npm run test:electron`): the real Electron
 *     shell under `_electron.launch`; each window is its own app instance on the same directory,
 *     i.e. a second operator with a second engine, which is what two windows mean there.
 * Tests write the directory through the core library (as agents do) and drive `page`; they
 * never ask which shell they run in.
 *
 * @example
 * const app = await startApp({ seed: (dir) => initDirectory(dir, 'x') });
 * const { page } = await app.open({ theme: 'dark' });
 * await app.close();
 */
export interface AppShell {
  readonly kind: ShellKind;
  /** The coordination directory the app watches. */
  readonly dir: string;
  /** A new window on the directory, waited for until it reads "live". */
  open(options?: WindowOptions): Promise<AppWindow>;
  /** One request of the monitor contract through the shell's own carrier (test set-up). */
  call(method: string, input: unknown): Promise<unknown>;
  /** Close every window and the monitor; remove the directory. */
  close(): Promise<void>;
}

export type ShellKind = 'web' | 'electron';
export type WindowOptions = { theme?: Theme; width?: number; height?: number };
export type AppWindow = { page: Page; close(): Promise<void> };

/** The shell named by BATON_E2E_SHELL (unset or `web`: web mode). */
export function shellKind(env: NodeJS.ProcessEnv = process.env): ShellKind {
  const value = env['BATON_E2E_SHELL'];
  if (value === undefined || value === '' || value === 'web') return 'web';
  if (value === 'electron') return 'electron';
  throw new Error(`BATON_E2E_SHELL=${value}: expected "web" or "electron"`);
}

/**
 * Why the chosen shell cannot run here, in one sentence, or undefined when it can. Checked once
 * by the suite's global setup, so a missing Electron binary fails the run with this line rather
 * than every test with a launch error.
 */
export function shellProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  let kind: ShellKind;
  try {
    kind = shellKind(env);
  } catch (error) {
    return (error as Error).message;
  }
  if (kind !== 'electron') return undefined;
  const paths = repoPaths();
  const binary = env['BATON_ELECTRON_BINARY'];
  if (binary !== undefined && !fs.existsSync(binary)) {
    return `BATON_E2E_SHELL=electron: BATON_ELECTRON_BINARY names no file (${binary})`;
  }
  if (binary === undefined) {
    const found = locateElectronBinary({ electronPackage: paths.electronPackage, env });
    if (!found.found) {
      return (
        `BATON_E2E_SHELL=electron, but there is no Electron binary (${found.reason}): ` +
        'use `npm run test:electron`, which skips plainly without one'
      );
    }
  }
  const main = env['BATON_ELECTRON_MAIN'] ?? paths.electronMain;
  if (!fs.existsSync(main)) {
    return `BATON_E2E_SHELL=electron, but the Electron main bundle is missing (${main}): run \`npm run build:electron\``;
  }
  return undefined;
}

export function startApp(options: { seed?: (dir: string) => void } = {}): Promise<AppShell> {
  return shellKind() === 'electron' ? startElectronApp(options) : startWebApp(options);
}

async function startWebApp(options: { seed?: (dir: string) => void }): Promise<AppShell> {
  const harness = await startHarness(options.seed ? { seed: options.seed } : {});
  let browser: Browser | undefined;
  return {
    kind: 'web',
    dir: harness.dir,
    async open(windowOptions = {}) {
      browser ??= await launchChromium();
      const page = await openMonitor(browser, harness.url, windowOptions);
      // Each window is its own browser context: its own cookie and session storage.
      return { page, close: () => page.context().close() };
    },
    call: (method, input) => harness.call(method, input),
    async close() {
      await browser?.close();
      await harness.close();
    },
  };
}

async function startElectronApp(options: { seed?: (dir: string) => void }): Promise<AppShell> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-e2e-'));
  options.seed?.(dir);
  const windows: AppWindow[] = [];

  async function open(windowOptions: WindowOptions = {}): Promise<AppWindow> {
    const launched = await launchElectronApp({ dir });
    const page = launched.page;
    const win: AppWindow = {
      page,
      async close() {
        const at = windows.indexOf(win);
        if (at >= 0) windows.splice(at, 1);
        await launched.close();
      },
    };
    windows.push(win);
    page.on('pageerror', (error) => console.error('[page error]', error.message));
    try {
      // The real window is resized (Playwright has no viewport option for Electron); a screen
      // smaller than asked may clamp it, so wait for the size the window actually took.
      const size = {
        width: windowOptions.width ?? DEFAULT_VIEWPORT.width,
        height: windowOptions.height ?? DEFAULT_VIEWPORT.height,
      };
      const handle = await launched.app.browserWindow(page);
      const [width, height] = await handle.evaluate((bw: ContentSized, s: typeof size) => {
        bw.setContentSize(s.width, s.height);
        return bw.getContentSize();
      }, size);
      await page.waitForFunction(([w, h]) => window.innerWidth === w && window.innerHeight === h, [
        width,
        height,
      ] as const);
      await waitUntilLive(page);
      if (windowOptions.theme) {
        // Through the UI's own store, as the theme button does (the page is already loaded).
        await page.evaluate((theme) => {
          (window as unknown as PageHandles).__baton.ui.getState().setTheme(theme);
        }, windowOptions.theme);
        await page.waitForFunction(
          (theme) => document.documentElement.dataset['theme'] === theme,
          windowOptions.theme,
        );
      }
    } catch (error) {
      await win.close();
      throw error;
    }
    return win;
  }

  return {
    kind: 'electron',
    dir,
    open,
    async call(method, input) {
      // Over IPC, through the bridge the UI itself uses, in any open window (else a new one).
      const { page } = windows[0] ?? (await open());
      const raw = await page.evaluate(
        ([m, i]) => (window as unknown as { batonBridge: BatonBridge }).batonBridge.call(m, i),
        [method, input] as const,
      );
      const reply = toReply(raw);
      if (reply.type === 'error') {
        throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
      }
      return reply.result;
    },
    async close() {
      for (const win of [...windows].reverse()) await win.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The part of Electron's BrowserWindow used here (the test process does not import electron). */
type ContentSized = {
  setContentSize(width: number, height: number): void;
  getContentSize(): [number, number];
};

/** renderer/src/main.tsx exposes the UI store as `window.__baton.ui`. */
type PageHandles = { __baton: { ui: { getState(): { setTheme(theme: Theme): void } } } };
