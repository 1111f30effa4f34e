import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { engineWarnings, explainListenError, parsePort } from '../../launch/launch-output.ts';
import { repoPaths } from '../../launch/repo-paths.ts';
import { parseThresholdArg, thresholdsFromEnv } from '../../launch/threshold-args.ts';
import { closeWithin, exitAfterUnclean, shutdownSignal } from '../../launch/shutdown-signal.ts';
import type { Thresholds } from '../../monitor/attention/thresholds.ts';
import { defaultDataDir } from '../../server/data-dir.ts';
import { openBrowser } from '../../server/open-browser.ts';
import { cliContext } from '../output.ts';
import { registerStartCommands } from './start.ts';

/** How long closing the server and the engine may take before the process exits anyway. */
const CLOSE_TIMEOUT_MS = 20_000;

interface MonitorOptions {
  port?: number;
  open: boolean;
  dataDir?: string;
  polling?: boolean;
  threshold?: Partial<Thresholds>;
}

/**
 * The monitor domain's commands: `baton monitor` (below) and `baton start` (start.ts), one
 * registration call in core/cli/main.ts.
 *
 * `baton monitor --dir D`: the monitor in a browser (web mode). Prints ONE line with the URL
 * (token included), opens it unless --no-open, and serves until SIGINT/SIGTERM, then closes the
 * server and the engine and exits 0.
 */
export function registerMonitorCommands(program: Command): void {
  registerStartCommands(program);
  program
    .command('monitor')
    .description('watch a coordination directory in the browser (serves the UI on 127.0.0.1)')
    .option('--port <port>', 'port on 127.0.0.1 (default: any free port)', parsePort)
    .option('--no-open', 'print the URL without opening a browser')
    .option(
      '--data-dir <dir>',
      "where the monitor keeps its history index (default: $BATON_DATA_DIR, else the platform's data directory)",
    )
    .option('--polling', 'poll the directory instead of file events (network filesystems)')
    .option(
      '--threshold <name=duration>',
      'when an attention item is raised, e.g. request_unanswered=2m (repeatable; names: request_unanswered, handoff_overdue, unsettled_old, barrier_stuck, clock_skew; default from $BATON_THRESHOLDS, a JSON object of ms)',
      parseThresholdArg,
    )
    .action(async (opts: MonitorOptions, command: Command) => {
      const ctx = cliContext(command);
      // Given on the command line, over the environment's (both checked before anything starts).
      const thresholds = { ...thresholdsFromEnv(process.env.BATON_THRESHOLDS), ...opts.threshold };
      // Listen from the start: Ctrl+C while the engine loads still closes it cleanly.
      const stop = shutdownSignal();
      const dir = path.resolve(ctx.dir);
      const paths = repoPaths();
      if (!fs.existsSync(path.join(paths.rendererDist, 'index.html'))) {
        process.stderr.write(
          'baton: warning: the UI is not built (renderer/dist); serving the API only: run `npm run build:renderer`\n',
        );
      }
      // Loaded here, not at the top: every other `baton` command stays quick to start.
      const { startWebMonitor } = await import('../../launch/web-monitor.ts');
      let web;
      try {
        web = await startWebMonitor({
          dir,
          dataDir: opts.dataDir ? path.resolve(opts.dataDir) : defaultDataDir(),
          staticDir: paths.rendererDist,
          ...(opts.port !== undefined ? { port: opts.port } : {}),
          watch: opts.polling ? 'polling' : 'events',
          thresholds,
          onError: engineWarnings(),
        });
      } catch (error) {
        throw explainListenError(error, opts.port);
      }
      if (ctx.json) {
        const doc = { url: web.url, port: web.server.port, token: web.server.token, dir };
        process.stdout.write(JSON.stringify(doc) + '\n');
      } else {
        process.stdout.write(`baton monitor: ${web.url} (watching ${dir}; Ctrl+C to stop)\n`);
      }
      if (opts.open && !(await openBrowser(web.url))) {
        process.stderr.write('baton: could not open a browser: open the URL above\n');
      }
      await stop;
      exitAfterUnclean(
        await closeWithin(CLOSE_TIMEOUT_MS, 'closing the monitor', () => web.close()),
      );
    });
}
