import { Command, CommanderError } from 'commander';
import { BatonError } from '../errors.ts';
import { EXIT } from './exit-codes.ts';
import { reportError } from './output.ts';
import { registerInitCommands } from './commands/init.ts';
// Each domain registers its own subcommands (one file per domain under commands/).
// -- command registrations (keep one import + one call per domain) --

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
      // --help and --version exit 0; anything else commander rejects is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const json = argv.includes('--json');
    if (!(error instanceof BatonError) && !(error instanceof Error)) throw error;
    return reportError(error, json);
  }
}
