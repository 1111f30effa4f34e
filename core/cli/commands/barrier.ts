import type { Command } from 'commander';
import {
  arriveBarrier,
  barrierStatus,
  listBarriers,
  waitBarrier,
  type BarrierStatus,
} from '../../barriers/index.ts';
import { defaultAgentId } from '../../handoffs/default-agent-id.ts';
import { EXIT } from '../exit-codes.ts';
import { cliContext, emit, parseIntOption } from '../output.ts';
import { formatTable, relativeTime } from '../table.ts';

/** "a,b,c" -> ["a", "b", "c"] (names are validated by the barrier functions). */
function agentList(value: string): string[] {
  return value
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

/** `baton barrier arrive|status|wait|list`: checkpoint barriers (docs/cli.md "Barriers"). */
export function registerBarrierCommands(program: Command): void {
  const barrier = program
    .command('barrier')
    .description('checkpoint barriers: mark arrival, check, wait for everyone');

  barrier
    .command('arrive')
    .description('mark that an agent reached the barrier')
    .argument('<name>', 'the barrier')
    .option('--agent <id>', 'who arrives (default: $BATON_AGENT_ID, $COG_AGENT_ID, the user)')
    .option('--note <text>', 'a note for whoever waits')
    .action((name: string, opts: { agent?: string; note?: string }, command: Command) => {
      const ctx = cliContext(command);
      const record = arriveBarrier(ctx.dir, name, opts.agent ?? defaultAgentId(), {
        ...(opts.note === undefined ? {} : { note: opts.note }),
      });
      emit(ctx, record, () => `${record.agent} arrived at ${name}`);
    });

  barrier
    .command('status')
    .description('who arrived, and which expected agents are missing')
    .argument('<name>', 'the barrier')
    .option('--agents <a,b,c>', 'the agents expected', agentList)
    .action((name: string, opts: { agents?: string[] }, command: Command) => {
      const ctx = cliContext(command);
      const status = barrierStatus(ctx.dir, name, opts.agents);
      emit(ctx, status, () => humanStatus(status, opts.agents !== undefined));
    });

  barrier
    .command('wait')
    .description('wait until every agent arrived; exits 124 on timeout (status still printed)')
    .argument('<name>', 'the barrier')
    .requiredOption('--agents <a,b,c>', 'the agents to wait for', agentList)
    .requiredOption('--timeout <ms>', 'give up after this long', parseIntOption('--timeout'))
    .option('--poll <ms>', 'fallback poll interval (default 1000)', parseIntOption('--poll'))
    .action(
      async (
        name: string,
        opts: { agents: string[]; timeout: number; poll?: number },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        const result = await waitBarrier(ctx.dir, name, opts.agents, {
          timeout_ms: opts.timeout,
          ...(opts.poll === undefined ? {} : { poll_ms: opts.poll }),
        });
        emit(
          ctx,
          result,
          () =>
            result.status === 'complete'
              ? `${name}: all ${opts.agents.length} arrived`
              : `${name}: timed out after ${opts.timeout} ms; missing ${result.missing.join(', ')}`,
          result.status === 'complete' ? EXIT.ok : EXIT.timeout,
        );
      },
    );

  barrier
    .command('list')
    .description('every barrier and who arrived')
    .action((_opts: unknown, command: Command) => {
      const ctx = cliContext(command);
      const barriers = listBarriers(ctx.dir);
      emit(ctx, { barriers }, () =>
        formatTable(
          barriers.map((b) => ({
            name: b.name,
            arrived: b.arrived.map((a) => a.agent).join(',') || '-',
          })),
          ['name', 'arrived'],
        ),
      );
    });
}

function humanStatus(status: BarrierStatus, expected: boolean): string {
  const lines = [
    formatTable(
      status.arrived.map((a) => ({
        agent: a.agent,
        arrived: relativeTime(a.arrived_at_ms),
        note: a.note,
      })),
      ['agent', 'arrived', 'note'],
    ),
  ];
  if (expected) {
    lines.push(
      status.complete ? `${status.name}: complete` : `missing: ${status.missing.join(', ')}`,
    );
  }
  for (const d of status.diagnostics) lines.push(`warning: ${d.message}`);
  return lines.join('\n');
}
