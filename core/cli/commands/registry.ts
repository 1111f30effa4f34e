import path from 'node:path';
import type { Command } from 'commander';
import {
  listAgents,
  readRegistrySnapshot,
  registryFromAgents,
  writeRegistrySnapshot,
  type SerializedRegistry,
} from '../../agents/index.ts';
import { assertCoordinationDir } from '../../agents/agent-options.ts';
import type { Diagnostic } from '../../files/diagnostic.ts';
import { layout } from '../../layout.ts';
import { cliContext, emit } from '../output.ts';
import { formatTable, relativeTime } from '../table.ts';

/** `baton registry snapshot|show`: harn-hostlib SerializedRegistry snapshots of the agents. */
export function registerRegistryCommands(program: Command): void {
  const registry = program
    .command('registry')
    .description('registry snapshots (harn-hostlib SerializedRegistry shape)');

  registry
    .command('snapshot')
    .description("write registry/NAME.json from the directory's agents")
    .argument('<name>', 'snapshot name')
    .action((name: string, _opts: unknown, command: Command) => {
      const ctx = cliContext(command);
      const written = writeRegistrySnapshot(ctx.dir, name);
      const file = layout(ctx.dir).registryFile(name);
      emit(
        ctx,
        { name, file, registry: written },
        () => `wrote ${file}: ${written.agents.length} agent(s), next_id ${written.next_id}`,
      );
    });

  registry
    .command('show')
    .description(
      'show a snapshot (a NAME in registry/, or a FILE: anything with a "/" or ending in .json); no argument: the live agents',
    )
    .argument('[name-or-file]', 'snapshot name or file')
    .action((source: string | undefined, _opts: unknown, command: Command) => {
      const ctx = cliContext(command, source === undefined || !isFile(source));
      const now = Date.now();
      let shown: { source: string; registry: SerializedRegistry; diagnostics: Diagnostic[] };
      if (source === undefined) {
        assertCoordinationDir(ctx.dir);
        const listed = listAgents(ctx.dir, { now });
        shown = {
          source: 'live',
          registry: registryFromAgents(listed.agents),
          diagnostics: listed.diagnostics,
        };
      } else {
        const read = isFile(source)
          ? readRegistrySnapshot(path.resolve(source), undefined, { now })
          : readRegistrySnapshot(ctx.dir, source, { now });
        shown = { source: read.file, registry: read.registry, diagnostics: read.diagnostics };
      }
      warn(ctx.json, shown.diagnostics);
      emit(ctx, { now_ms: now, ...shown }, () =>
        [
          `${shown.source}: next_id ${shown.registry.next_id}`,
          formatTable(
            shown.registry.agents.map((agent) => ({
              id: agent.id,
              name: agent.name,
              state: agent.state,
              last_seen: relativeTime(agent.last_seen_ms, now),
              edits: agent.edit_count,
              locks: Object.keys(agent.locked_paths).join(',') || undefined,
            })),
            ['id', 'name', 'state', 'last_seen', 'edits', 'locks'],
          ),
        ].join('\n'),
      );
    });
}

function isFile(source: string): boolean {
  return source.includes('/') || source.includes(path.sep) || source.endsWith('.json');
}

/** Diagnostics go to stderr in text mode (they are in the JSON document otherwise). */
function warn(json: boolean, diagnostics: readonly Diagnostic[]): void {
  if (json) return;
  for (const diagnostic of diagnostics) {
    process.stderr.write(`baton: warning: ${diagnostic.message}\n`);
  }
}
