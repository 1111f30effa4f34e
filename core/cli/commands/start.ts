import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { DemoHandle } from '../../demo/index.ts';
import { locateElectronBinary } from '../../launch/electron-binary.ts';
import { runElectron } from '../../launch/run-electron.ts';
import { windowEnv } from '../../launch/window-env.ts';
import type { WatchMode } from '../../monitor/watcher.ts';
import { ensureElectronBuilt, ensureRendererBuilt } from '../../launch/ensure-builds.ts';
import { engineWarnings, explainListenError, parsePort } from '../../launch/launch-output.ts';
import { repoPaths, type RepoPaths } from '../../launch/repo-paths.ts';
import { closeWithin, exitAfterUnclean, shutdownSignal } from '../../launch/shutdown-signal.ts';
import { defaultDataDir } from '../../server/data-dir.ts';
import { openBrowser } from '../../server/open-browser.ts';
import { cliContext } from '../output.ts';

/** How long each shutdown step may take before the process exits anyway. */
const CLOSE_TIMEOUT_MS = 20_000;

interface StartOptions {
  web?: boolean;
  port?: number;
  open: boolean;
  dataDir?: string;
  polling?: boolean;
}

const say = (line: string): void => void process.stdout.write(line + '\n');

/**
 * `baton start [--dir D] [--web] [--port P] [--no-open] [--data-dir D] [--polling]` (what
 * `npm start` / `./run start` run):
 * the monitor for a new user in one step. Without a directory it starts the demo fleet in a
 * fresh temp directory so there is something alive to look at; it opens the Electron window
 * when a binary is available, else says so in one line and opens web mode in the browser.
 * Quitting (closing the window, Ctrl+C, SIGTERM) stops the fleet, the engine and Electron, and
 * removes the demo's temp directory.
 */
export function registerStartCommands(program: Command): void {
  program
    .command('start')
    .description(
      'open the monitor (Electron, else the browser); without --dir, on a live demo fleet',
    )
    .option('--web', 'use the browser (web mode) even when Electron is available')
    .option('--port <port>', 'web mode: port on 127.0.0.1 (default: any free port)', parsePort)
    .option('--no-open', 'web mode: print the URL without opening a browser')
    .option(
      '--data-dir <dir>',
      "with --dir: where the monitor keeps its history index (default: $BATON_DATA_DIR, else the platform's data directory)",
    )
    .option(
      '--polling',
      'poll the directory instead of file events (network filesystems; also BATON_WATCH=polling)',
    )
    .action(async (opts: StartOptions, command: Command) => {
      const ctx = cliContext(command, false);
      // Listen from the start: Ctrl+C while the fleet or the engine starts still cleans up.
      const stop = shutdownSignal();
      const paths = repoPaths();
      await ensureRendererBuilt(paths, say);

      let clean = true;
      let demo: DemoHandle | undefined;
      // One temp tree for the demo's directory and the monitor's index: removed on quit.
      const scratch = ctx.dir ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'baton-start-'));
      try {
        let dir: string;
        let dataDir: string;
        if (scratch) {
          dataDir = path.join(scratch, 'monitor-data');
          // Loaded here, not at the top: every other `baton` command stays quick to start.
          const { startDemo } = await import('../../demo/index.ts');
          demo = await startDemo({ dir: path.join(scratch, 'fleet') });
          demo.done.catch(() => {});
          dir = demo.dir;
          say(`baton: demo fleet running in ${dir} (removed on quit)`);
        } else {
          dir = path.resolve(ctx.dir);
          dataDir = opts.dataDir ? path.resolve(opts.dataDir) : defaultDataDir();
        }
        const watch: WatchMode =
          opts.polling || process.env.BATON_WATCH === 'polling' ? 'polling' : 'events';
        const electron = opts.web
          ? undefined
          : locateElectronBinary({ electronPackage: paths.electronPackage });
        if (electron && !electron.found) {
          say(
            `baton: no Electron binary (${electron.reason}); opening the monitor in your browser instead`,
          );
        }
        const launch = { dir, dataDir, watch, demo, stop, paths };
        clean = electron?.found
          ? await runWindow({ ...launch, binary: electron.path })
          : await runWeb({ ...launch, port: opts.port, open: opts.open });
      } finally {
        // Already stopped in web mode (stop() is idempotent); here for Electron and for errors.
        const fleet = demo;
        if (fleet) {
          const stopped = await closeWithin(CLOSE_TIMEOUT_MS, 'stopping the demo fleet', () =>
            fleet.stop(),
          );
          clean = stopped && clean;
        }
        if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
      }
      exitAfterUnclean(clean);
    });
}

interface Launch {
  dir: string;
  dataDir: string;
  watch: WatchMode;
  demo: DemoHandle | undefined;
  stop: Promise<unknown>;
  paths: RepoPaths;
}

/** The Electron window on `dir`, until it is closed or we are stopped. The engine runs (and
 *  closes) inside Electron's main process. Returns whether it ended cleanly. */
async function runWindow(launch: Launch & { binary: string }): Promise<boolean> {
  await ensureElectronBuilt(launch.paths, say);
  say(`baton: opening the Baton window on ${launch.dir}`);
  const code = await runElectron({
    binary: launch.binary,
    main: launch.paths.electronMain,
    cwd: launch.paths.root,
    env: windowEnv(launch),
    stop: launch.stop,
  });
  if (code !== 0) process.stderr.write(`baton: Electron exited with code ${code}\n`);
  return code === 0;
}

/** Web mode on `dir`: prints the URL line, opens the browser, serves until stopped. */
async function runWeb(
  launch: Launch & { port: number | undefined; open: boolean },
): Promise<boolean> {
  const { startWebMonitor } = await import('../../launch/web-monitor.ts');
  let web;
  try {
    web = await startWebMonitor({
      dir: launch.dir,
      dataDir: launch.dataDir,
      staticDir: launch.paths.rendererDist,
      ...(launch.port !== undefined ? { port: launch.port } : {}),
      watch: launch.watch,
      ...(launch.demo ? { thresholds: launch.demo.thresholds } : {}),
      onError: engineWarnings(),
    });
  } catch (error) {
    throw explainListenError(error, launch.port);
  }
  say(`baton monitor: ${web.url} (watching ${launch.dir}; Ctrl+C to stop)`);
  if (launch.open && !(await openBrowser(web.url))) {
    process.stderr.write('baton: could not open a browser: open the URL above\n');
  }
  await launch.stop;
  const server = web;
  const fleet = launch.demo;
  // Side by side: the fleet's agents get a grace period to stop, the engine closes meanwhile.
  const steps = await Promise.all([
    closeWithin(CLOSE_TIMEOUT_MS, 'closing the monitor', () => server.close()),
    ...(fleet
      ? [closeWithin(CLOSE_TIMEOUT_MS, 'stopping the demo fleet', () => fleet.stop())]
      : []),
  ]);
  return steps.every(Boolean);
}
