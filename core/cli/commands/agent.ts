import { Option, type Command } from 'commander';
import {
  heartbeat,
  listAgents,
  pathHolder,
  releasePath,
  tryLockPath,
  unregisterAgent,
  type AgentCurrent,
  type AgentView,
} from '../../agents/index.ts';
import { assertCoordinationDir } from '../../agents/agent-options.ts';
import type { Diagnostic } from '../../files/diagnostic.ts';
import { EXIT } from '../exit-codes.ts';
import { registerRegistryCommands } from './registry.ts';
import { cliContext, emit, parseIntOption } from '../output.ts';
import { duration, formatTable, relativeTime } from '../table.ts';

const LIVENESS = ['active', 'crashed', 'gone'] as const;

/**
 * `baton agent heartbeat|list|gone|lock|unlock|holder`: agent records and advisory path locks.
 * The agent's pid defaults to this command's parent (the shell or agent that ran it). Also
 * registers `baton registry …` (the same domain: snapshots of these agents).
 */
export function registerAgentCommands(program: Command): void {
  const agent = program
    .command('agent')
    .description('agent heartbeats, liveness and advisory path locks');

  agent
    .command('heartbeat')
    .description('record a heartbeat (creates the agent record if missing)')
    .argument('<id>', 'agent id')
    .option('--name <name>', 'display name (default: kept, or the id)')
    .option(
      '--timeout <ms>',
      'silence after which the agent reads as crashed (default 45000)',
      parseIntOption('--timeout'),
    )
    .option('--run <run_id>', 'the run it is working on (sets current; replaces run and task)')
    .option('--task <text>', 'what it is doing (sets current; replaces run and task)')
    .option(
      '--pid <pid>',
      "the agent's pid (default: the parent of this command)",
      parseIntOption('--pid'),
    )
    .action(
      (
        id: string,
        opts: { name?: string; timeout?: number; run?: string; task?: string; pid?: number },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        const current: AgentCurrent | undefined =
          opts.run !== undefined || opts.task !== undefined
            ? {
                ...(opts.run !== undefined ? { run_id: opts.run } : {}),
                ...(opts.task !== undefined ? { task: opts.task } : {}),
              }
            : undefined;
        const record = heartbeat(ctx.dir, id, {
          name: opts.name,
          timeout_ms: opts.timeout,
          pid: opts.pid ?? process.ppid,
          current,
        });
        emit(
          ctx,
          record,
          () =>
            `${record.id}: active (pid ${record.pid} on ${record.host}, crashed after ${duration(record.timeout_ms)} without a heartbeat)`,
        );
      },
    );

  agent
    .command('list')
    .description('list agents with their liveness and held locks')
    .addOption(new Option('--liveness <liveness>', 'only agents in this state').choices(LIVENESS))
    .action((opts: { liveness?: (typeof LIVENESS)[number] }, command: Command) => {
      const ctx = cliContext(command);
      assertCoordinationDir(ctx.dir);
      const now = Date.now();
      const listed = listAgents(ctx.dir, { now });
      const agents = opts.liveness
        ? listed.agents.filter((view) => view.liveness === opts.liveness)
        : listed.agents;
      warn(ctx.json, listed.diagnostics);
      emit(ctx, { now_ms: now, agents, diagnostics: listed.diagnostics }, () =>
        formatTable(
          agents.map((view) => agentRow(view, now)),
          ['id', 'name', 'liveness', 'pid', 'host', 'last_seen', 'edits', 'locks', 'current'],
        ),
      );
    });

  agent
    .command('gone')
    .description('mark an agent gone (unregistered); its locks are released')
    .argument('<id>', 'agent id')
    .action((id: string, _opts: unknown, command: Command) => {
      const ctx = cliContext(command);
      const record = unregisterAgent(ctx.dir, id);
      emit(ctx, record, () => `${record.id}: gone`);
    });

  agent
    .command('lock')
    .description(
      `take an advisory lock on PATH for agent ID (exit ${EXIT.contended} when another agent holds it)`,
    )
    .argument('<id>', 'agent id')
    .argument('<path>', 'workspace-relative path, e.g. src/main.ts')
    .option('--ttl <ms>', 'lock duration (default 30000)', parseIntOption('--ttl'))
    .option(
      '--pid <pid>',
      'pid to register the agent with if it has no record (default: the parent of this command)',
      parseIntOption('--pid'),
    )
    .action(
      async (id: string, path: string, opts: { ttl?: number; pid?: number }, command: Command) => {
        const ctx = cliContext(command);
        const result = await tryLockPath(ctx.dir, id, path, {
          ttl_ms: opts.ttl,
          register: { pid: opts.pid ?? process.ppid },
        });
        const now = Date.now();
        const until =
          result.expires_at_ms === undefined
            ? ''
            : ` (expires ${relativeTime(result.expires_at_ms, now)})`;
        emit(
          ctx,
          { agent: id, path, ...result },
          () =>
            result.granted
              ? `${id} locked ${path}${until}`
              : `${path} is held by ${result.holder}${until}`,
          result.granted ? EXIT.ok : EXIT.contended,
        );
      },
    );

  agent
    .command('unlock')
    .description("release agent ID's advisory lock on PATH")
    .argument('<id>', 'agent id')
    .argument('<path>', 'workspace-relative path')
    .action(async (id: string, path: string, _opts: unknown, command: Command) => {
      const ctx = cliContext(command);
      const result = await releasePath(ctx.dir, id, path);
      emit(ctx, { agent: id, path, ...result }, () =>
        result.released ? `${id} released ${path}` : `${id} held no lock on ${path}`,
      );
    });

  agent
    .command('holder')
    .description('print the agent holding PATH (empty when free)')
    .argument('<path>', 'workspace-relative path')
    .action((path: string, _opts: unknown, command: Command) => {
      const ctx = cliContext(command);
      assertCoordinationDir(ctx.dir);
      const holder = pathHolder(ctx.dir, path);
      emit(ctx, { path, holder: holder ?? null }, () => holder ?? '');
    });

  registerRegistryCommands(program);
}

function agentRow(view: AgentView, now: number): Record<string, unknown> {
  const record = view.record;
  const current = record?.current;
  return {
    id: view.id,
    name: record?.name,
    liveness: view.liveness,
    pid: record?.pid,
    host: record?.host,
    last_seen: record ? relativeTime(record.last_seen_ms, now) : undefined,
    edits: record?.edit_count,
    locks: Object.keys(view.held_paths).join(',') || undefined,
    current: current
      ? [current.run_id, current.task].filter(Boolean).join(': ') || undefined
      : undefined,
  };
}

/** Diagnostics go to stderr in text mode (they are in the JSON document otherwise). */
function warn(json: boolean, diagnostics: readonly Diagnostic[]): void {
  if (json) return;
  for (const diagnostic of diagnostics)
    process.stderr.write(`baton: warning: ${diagnostic.message}\n`);
}
