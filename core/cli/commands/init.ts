import type { Command } from 'commander';
import { initDirectory } from '../../root.ts';
import { cliContext, emit } from '../output.ts';

/** `baton init DIR`: make DIR a coordination directory. */
export function registerInitCommands(program: Command): void {
  program
    .command('init')
    .description('create a coordination directory (writes DIR/baton.json; safe to repeat)')
    .argument('[dir]', 'the directory (default: --dir or BATON_DIR)')
    .option('--name <name>', 'a display name for the directory')
    .action((dir: string | undefined, opts: { name?: string }, command: Command) => {
      const ctx = cliContext(command, dir === undefined);
      const target = dir ?? ctx.dir;
      const record = initDirectory(target, opts.name);
      emit(ctx, { dir: target, ...record }, () => `initialised ${target} (${record.name})`);
    });
}
