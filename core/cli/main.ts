import { Command, CommanderError } from 'commander';
import { BatonError } from '../errors.ts';
import { EXIT } from './exit-codes.ts';
import { reportError } from './output.ts';
type Register = (program: Command) => void;

/**
 * Every top-level command and the module that defines it. Modules load only when their command
 * runs, so `baton lease acquire` pays for the leases code alone (an agent may call it thousands of
 * times). `--help` and unknown commands load them all.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  init: async () => (await import('./commands/init.ts')).registerInitCommands,
  lease: async () => (await import('./commands/lease.ts')).registerLeaseCommands,
  // agent.ts also registers `registry` (one module per domain).
  agent: async () => (await import('./commands/agent.ts')).registerAgentCommands,
  registry: async () => (await import('./commands/agent.ts')).registerAgentCommands,
  room: async () => (await import('./commands/room.ts')).registerRoomCommands,
  run: async () => (await import('./commands/run.ts')).registerRunCommands,
  handoff: async () => (await import('./commands/handoff.ts')).registerHandoffCommands,
  barrier: async () => (await import('./commands/barrier.ts')).registerBarrierCommands,
  unsettled: async () => (await import('./commands/unsettled.ts')).registerUnsettledCommands,
  monitor: async () => (await import('./commands/monitor.ts')).registerMonitorCommands,
  demo: async () => (await import('./commands/demo.ts')).registerDemoCommands,
  // monitor.ts also registers `start` (both launch the monitor).
  start: async () => (await import('./commands/monitor.ts')).registerMonitorCommands,
};

/** The command word in argv: the first token that is neither a global option nor its value. */
export function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--dir') i++;
    else if (token === '--') return undefined;
    else if (!token.startsWith('-')) return token;
  }
  return undefined;
}

/**
 * Build the `baton` program with the commands `argv` needs (all of them when `argv` is omitted).
 *
 * @example
 * const program = await buildProgram(['lease', 'list']);
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command();
  program
    .name('baton')
    .description('Coordinate fleets of coding agents through a shared directory')
    .option('--dir <dir>', 'coordination directory (default: $BATON_DIR)')
    .option('--json', 'print one JSON document on stdout')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const word = argv ? commandWord(argv) : undefined;
  const wanted =
    word !== undefined && Object.hasOwn(COMMANDS, word)
      ? [COMMANDS[word]!]
      : Object.values(COMMANDS);
  const registers = new Set(await Promise.all(wanted.map((load) => load())));
  for (const register of registers) register(program);
  return program;
}

/** Run the CLI with `argv` (without node and script) and return the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv);
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
