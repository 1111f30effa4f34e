import type { Command } from 'commander';
import { BatonError } from '../../errors.ts';
import {
  formatEventLine,
  parseDuration,
  startDemo,
  type DemoEvent,
  type DemoSummary,
} from '../../demo/index.ts';
import { parseIntOption } from '../output.ts';

interface DemoCommandOptions {
  agents?: number;
  speed?: number;
  seed?: number;
  duration?: number;
  events?: boolean;
}

/**
 * `baton demo`: run the simulated fleet (docs/cli.md "Demo fleet"). Text: one line per event.
 * `--json`: one summary document at the end; `--json --events`: one JSON line per event, then
 * the summary as the last line. Stops on Ctrl+C, SIGTERM, SIGHUP or after `--duration`.
 */
export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description(
      'run a simulated fleet of agents (one process each) in a coordination directory (default: a fresh temp dir)',
    )
    .option(
      '--agents <n>',
      'worker agents, 1-24 (default 5); legacy-bot and pipeline-runner always join',
      parseIntOption('--agents'),
    )
    .option('--speed <x>', 'time scale: 2 runs everything twice as fast (default 1)', parseSpeed)
    .option('--seed <s>', 'seed of every random choice (default 1)', parseIntOption('--seed'))
    .option(
      '--duration <t>',
      'stop after T: 30s, 5m, 1h, 500ms or ms (default: until Ctrl+C)',
      parseDuration,
    )
    .option('--events', 'with --json: one JSON line per event, then the summary line')
    .action(async (opts: DemoCommandOptions, command: Command) => {
      // Only an explicit --dir: BATON_DIR usually names a real fleet, and demo agents are fake.
      const globals = command.optsWithGlobals<{ dir?: string; json?: boolean }>();
      const json = Boolean(globals.json);
      const write = (line: string): void => void process.stdout.write(line + '\n');
      const onEvent = (event: DemoEvent): void => {
        if (!json) write(formatEventLine(event));
        else if (opts.events) write(JSON.stringify(event));
      };
      const demo = await startDemo({
        ...(globals.dir === undefined ? {} : { dir: globals.dir }),
        ...(opts.agents === undefined ? {} : { agents: opts.agents }),
        ...(opts.speed === undefined ? {} : { speed: opts.speed }),
        ...(opts.seed === undefined ? {} : { seed: opts.seed }),
        ...(opts.duration === undefined ? {} : { duration_ms: opts.duration }),
        onEvent,
      });
      if (!json) {
        write(`watch it: baton monitor --dir ${demo.dir}   (Ctrl+C stops the fleet)`);
      }
      const onSignal = (): void => void demo.stop();
      const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
      for (const signal of signals) process.on(signal, onSignal);
      const summary = await demo.done;
      for (const signal of signals) process.off(signal, onSignal);
      if (json) write(opts.events ? JSON.stringify(summary) : JSON.stringify(summary, null, 2));
      else write(summaryLine(summary));
    });
}

function parseSpeed(value: string): number {
  const speed = Number(value);
  if (value.trim() === '' || !Number.isFinite(speed) || speed <= 0) {
    throw new BatonError('invalid_argument', `--speed must be a positive number (got "${value}")`);
  }
  return speed;
}

function summaryLine(summary: DemoSummary): string {
  const runs = summary.events.run_finished ?? 0;
  const messages = summary.events.message ?? 0;
  return (
    `${summary.processes_started} agent processes (${summary.crashes} crashed, ${summary.restarts} restarted), ` +
    `${messages} messages, ${runs} runs finished in ${(summary.duration_ms / 1000).toFixed(1)}s; ` +
    `the directory stays: ${summary.dir}`
  );
}
