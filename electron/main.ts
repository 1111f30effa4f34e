// The Electron main process of Baton: one hardened window showing the renderer from app://baton,
// the monitor engine (core/monitor) running here on the chosen directory, the contract served
// to the window over IPC (electron/ipc-transport.ts), a native directory chooser with recent
// directories, and desktop notifications + a badge for attention items.
//
// Built by scripts/build-electron.mjs into dist/electron/main.cjs (with preload.cjs beside it);
// every decision worth testing lives in a small module next to this file, tested without the
// Electron binary (test/electron/). This file only wires them to Electron's objects.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, Notification, protocol, session, shell } from 'electron';
import type { OpenDialogOptions } from 'electron';
import { createMonitor } from '../core/monitor/create-monitor.ts';
import { APP_INDEX_URL, APP_SCHEME } from './app-origin.ts';
import { appMenuTemplate } from './app-menu.ts';
import { appProtocolResponse } from './app-protocol.ts';
import { createAttentionNotifier, type AttentionNotice } from './attention-notifier.ts';
import { createEngineHost, type EngineHost } from './engine-host.ts';
import { createIpcTransport, electronIpcMain, type IpcTransport } from './ipc-transport.ts';
import { launchSettings } from './launch-env.ts';
import { guardNavigation } from './navigation-guard.ts';
import { clearRecentDirs, forgetDir, readRecentDirs, rememberDir } from './recent-dirs.ts';
import { mainWindowOptions } from './window-options.ts';

// Must precede `ready`: a standard, secure scheme gives the page its own origin (CSP 'self').
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();

const settings = launchSettings(process.env);
const here = __dirname; // dist/electron inside the app (bundle output)
const preloadPath = path.join(here, 'preload.cjs');
const rendererDist = path.resolve(here, '../../renderer/dist');
let window: BrowserWindow | undefined;
let host: EngineHost | undefined;
let transport: IpcTransport | undefined;

function recentFile(): string {
  return path.join(app.getPath('userData'), 'recent-dirs.json');
}

function openExternal(url: string): void {
  shell
    .openExternal(url)
    .catch((error: unknown) => console.warn(`baton: cannot open ${url}: ${String(error)}`));
}

// Every webContents (the window, anything a bug might create) is locked to our page.
app.on('web-contents-created', (_event, contents) => guardNavigation(contents, openExternal));

const notifier = createAttentionNotifier({
  notify: (notice: AttentionNotice) => {
    // The operator looking at the window sees the item slide in; no popup over it.
    if (!Notification.isSupported() || window?.isFocused()) return;
    const shown = new Notification({ title: notice.title, body: notice.body });
    shown.on('click', () => {
      window?.show();
      window?.focus();
    });
    shown.show();
  },
  // macOS dock and Linux launchers (Unity); Windows has no badge count and returns false.
  setBadge: (count) => void app.setBadgeCount(count),
});

async function main(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, (request) =>
    appProtocolResponse(rendererDist, request.url, request.method),
  );

  const win = new BrowserWindow(mainWindowOptions(preloadPath));
  window = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    window = undefined;
  });

  const ipc = createIpcTransport({
    ipcMain: await electronIpcMain(),
    contents: () => (win.isDestroyed() ? undefined : win.webContents),
    onRefused: (reason) => console.warn(`baton: ${reason}`),
  });
  transport = ipc;
  const engines = createEngineHost({
    start: (dir) =>
      createMonitor({
        dir,
        dataDir: settings.dataDir ?? app.getPath('userData'),
        watch: settings.watch,
        ...(dir === settings.dir ? { thresholds: settings.thresholds } : {}),
        onError: (error, context) => console.warn(`baton: ${context}: ${error.message}`),
      }),
    recentDirs: () => readRecentDirs(recentFile()),
    onSwitch: async (service) => {
      ipc.attach(service);
      if (service) await notifier.attach(service);
      else notifier.detach();
    },
  });
  host = engines;

  let loaded = false;
  const refreshMenu = (): void => {
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        appMenuTemplate({
          platform: process.platform,
          recentDirs: readRecentDirs(recentFile()),
          currentDir: engines.dir(),
          devTools: !app.isPackaged,
          openDirectory: () => void chooseAndOpen().catch(showFailure),
          openRecent: (dir) => void openDir(dir).catch(showFailure),
          clearRecent: () => {
            clearRecentDirs(recentFile());
            refreshMenu();
          },
        }),
      ),
    );
  };

  /** `checked`: a recent or chosen directory must exist; the launch directory may appear later
   *  (the engine shows "waiting for it to appear" meanwhile). */
  async function openDir(dir: string, checked = true): Promise<boolean> {
    if (checked && !isDirectory(dir)) {
      forgetDir(recentFile(), dir);
      refreshMenu();
      await dialog.showMessageBox(win, {
        type: 'warning',
        message: `${dir} is not a directory any more`,
        detail: 'It was removed from the recent list.',
      });
      return false;
    }
    await engines.open(dir);
    // The demo fleet's temp directory disappears on quit: never offer it as recent.
    if (!(settings.ephemeral && path.resolve(dir) === settings.dir)) rememberDir(recentFile(), dir);
    win.setTitle(`Baton — ${engines.dir() ?? dir}`);
    refreshMenu();
    // A new engine numbers its deltas afresh: the page starts over from its snapshot.
    if (loaded) win.webContents.reload();
    return true;
  }

  async function chooseAndOpen(): Promise<boolean> {
    const options: OpenDialogOptions = {
      title: 'Open a coordination directory',
      buttonLabel: 'Watch',
      properties: ['openDirectory', 'createDirectory'],
    };
    // Before the first directory the window is still hidden: a sheet on it would be too.
    const choice = win.isVisible()
      ? await dialog.showOpenDialog(win, options)
      : await dialog.showOpenDialog(options);
    const dir = choice.canceled ? undefined : choice.filePaths[0];
    return dir ? openDir(dir) : false;
  }

  const recent = readRecentDirs(recentFile()).find(isDirectory);
  const opened = settings.dir
    ? await openDir(settings.dir, false)
    : recent
      ? await openDir(recent)
      : await chooseAndOpen();
  if (!opened) {
    app.quit();
    return;
  }
  await win.loadURL(APP_INDEX_URL);
  loaded = true;
}

// Quitting stops the engine first (its watcher, timers and index), then lets the app exit.
let stopped = false;
app.on('before-quit', (event) => {
  if (stopped) return;
  stopped = true;
  notifier.detach();
  const engines = host;
  if (!engines) return;
  event.preventDefault();
  void engines
    .close()
    .catch((error: unknown) => console.warn(`baton: closing the engine: ${String(error)}`))
    .finally(() => {
      transport?.close();
      app.quit();
    });
});

/** A failed directory switch is shown to the operator, never an unhandled rejection. */
function showFailure(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`baton: ${message}`);
  dialog.showErrorBox('Baton could not open the directory', message);
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

// One window: closing it quits (on macOS too; the engine should not watch with no one looking).
app.on('window-all-closed', () => app.quit());
// `baton start` stops Electron with SIGTERM (and Ctrl+C reaches it as SIGINT): quit cleanly.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

main().catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`baton: ${message}`);
  dialog.showErrorBox('Baton could not start', message);
  app.exit(1);
});
