import { Command, CommanderError } from 'commander';
import { BatonError } from '../errors.ts';
import { EXIT } from './exit-codes.ts';
import { reportError } from './output.ts';
import { registerInitCommands } from './commands/init.ts';
// Each domain registers its own subcommands (one file per domain under commands/).
// -- command registrations (keep one import + one call per domain) --
import { registerDemoCommands } from './commands/demo.ts';
import { registerMonitorCommands } from './commands/monitor.ts';
import { registerUnsettledCommands } from './commands/unsettled.ts';
import { registerBarrierCommands } from './commands/barrier.ts';
import { registerHandoffCommands } from './commands/handoff.ts';
import { registerLeaseCommands } from './commands/lease.ts';
import { registerRunCommands } from './commands/run.ts';
import { registerRoomCommands } from './commands/room.ts';
import { registerAgentCommands } from './commands/agent.ts';

/** Build the `baton` program. Exported so tests can run it in process. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('baton')
    .description('Coordinate fleets of coding agents through a shared directory')
    .option('--dir <dir>', 'coordination directory (default: $BATON_DIR)')
    .option('--json', 'print one JSON document on stdout')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerInitCommands(program);
  // -- register calls --
  registerDemoCommands(program);
  registerMonitorCommands(program);
  registerUnsettledCommands(program);
  registerBarrierCommands(program);
  registerHandoffCommands(program);
  registerLeaseCommands(program);
  registerRunCommands(program);
  registerRoomCommands(program);
  registerAgentCommands(program);
  return program;
}

/** Run the CLI with `argv` (without node and script) and return the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; anything else commander rejects is a usage error
      // (commander has already printed it on stderr; --json still gets its one document).
      if (error.exitCode === 0) return EXIT.ok;
      if (argv.includes('--json')) {
        const message = error.message.replace(/^error: /, '');
        process.stdout.write(JSON.stringify({ error: { code: 'usage', message } }, null, 2) + '\n');
      }
      return EXIT.usage;
    }
    const json = argv.includes('--json');
    if (!(error instanceof BatonError) && !(error instanceof Error)) throw error;
    return reportError(error, json);
  }
}
