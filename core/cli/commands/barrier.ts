import type { Command } from 'commander';
import {
  arriveBarrier,
  barrierStatus,
  declareBarrier,
  listBarriers,
  waitBarrier,
  type BarrierExpectationInput,
  type BarrierStatus,
} from '../../barriers/index.ts';
import { isValidName } from '../../files/names.ts';
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

/** The expectation an `--expect`/`--agents` list and a count describe, if any. */
function expectation(agents?: string[], count?: number): BarrierExpectationInput | undefined {
  if (agents === undefined && count === undefined) return undefined;
  return { ...(agents === undefined ? {} : { agents }), ...(count === undefined ? {} : { count }) };
}

/** `baton barrier arrive|expect|status|wait|list`: checkpoint barriers (docs/cli.md "Barriers"). */
export function registerBarrierCommands(program: Command): void {
  const barrier = program
    .command('barrier')
    .description('checkpoint barriers: declare whom to expect, mark arrival, check, wait');

  barrier
    .command('arrive')
    .description('mark that an agent reached the barrier (optionally declaring whom it expects)')
    .argument('<name>', 'the barrier')
    .option('--agent <id>', 'who arrives (default: $BATON_AGENT_ID, $COG_AGENT_ID, the user)')
    .option('--note <text>', 'a note for whoever waits')
    .option('--expect <a,b,c>', 'declare the agents this barrier expects', agentList)
    .option(
      '--expect-count <n>',
      'declare how many arrivals it expects',
      parseIntOption('--expect-count'),
    )
    .action(
      (
        name: string,
        opts: { agent?: string; note?: string; expect?: string[]; expectCount?: number },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        const agent = opts.agent ?? defaultAgentId();
        const expect = expectation(opts.expect, opts.expectCount);
        // Declared first: a waiter woken by the arrival then already sees whom it expects.
        const declared = expect && declareBarrier(ctx.dir, name, agent, expect);
        const record = arriveBarrier(ctx.dir, name, agent, {
          ...(opts.note === undefined ? {} : { note: opts.note }),
        });
        emit(
          ctx,
          declared ? { ...record, expectation: declared } : record,
          () => `${record.agent} arrived at ${name}`,
        );
      },
    );

  barrier
    .command('expect')
    .description(
      'declare whom the barrier expects (creates it if needed; replaces your last declaration)',
    )
    .argument('<name>', 'the barrier')
    .option('--agents <a,b,c>', 'the agents expected', agentList)
    .option('--count <n>', 'how many arrivals are expected in all', parseIntOption('--count'))
    .option('--by <id>', 'who declares (default: $BATON_AGENT_ID, $COG_AGENT_ID, the user)')
    .action(
      (
        name: string,
        opts: { agents?: string[]; count?: number; by?: string },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        const record = declareBarrier(
          ctx.dir,
          name,
          opts.by ?? defaultAgentId(),
          expectation(opts.agents, opts.count) ?? {},
        );
        emit(ctx, record, () => `${record.by} expects ${describeExpectation(record)} at ${name}`);
      },
    );

  barrier
    .command('status')
    .description('who arrived, and which expected agents are missing')
    .argument('<name>', 'the barrier')
    .option(
      '--agents <a,b,c>',
      'the agents expected (default: what the barrier declares)',
      agentList,
    )
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
    .option('--by <id>', 'who waits (default: $BATON_AGENT_ID, $COG_AGENT_ID, the user)')
    .option('--no-declare', 'do not record the agents waited for as your expectation')
    .action(
      async (
        name: string,
        opts: { agents: string[]; timeout: number; poll?: number; by?: string; declare: boolean },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        const by = opts.by ?? defaultAgentId();
        // A default id that is no valid name (an odd user name) skips the declaration rather
        // than failing a wait that worked before waits declared.
        const declare = opts.declare && (opts.by !== undefined || isValidName(by));
        const result = await waitBarrier(ctx.dir, name, opts.agents, {
          timeout_ms: opts.timeout,
          ...(opts.poll === undefined ? {} : { poll_ms: opts.poll }),
          ...(declare ? { declare_as: by } : {}),
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
    .description('every barrier, who arrived and who of the expected is missing')
    .action((_opts: unknown, command: Command) => {
      const ctx = cliContext(command);
      const barriers = listBarriers(ctx.dir);
      emit(ctx, { barriers }, () =>
        formatTable(
          barriers.map((b) => ({
            name: b.name,
            arrived: b.arrived.map((a) => a.agent).join(',') || '-',
            missing: expects(b) ? stillMissing(b).join(',') || '-' : '',
          })),
          ['name', 'arrived', 'missing'],
        ),
      );
    });
}

function describeExpectation(e: { agents?: string[]; count?: number }): string {
  const names = e.agents?.join(', ');
  if (names === undefined) return `${e.count} arrivals`;
  return e.count === undefined ? names : `${names} (${e.count} arrivals in all)`;
}

/** True when the status is relative to an expectation (the caller's or a declared one). */
function expects(status: BarrierStatus): boolean {
  return status.expected !== undefined || status.expected_count !== undefined;
}

/** The missing agents, and how many unnamed arrivals a declared count still needs. */
function stillMissing(status: BarrierStatus): string[] {
  const short = (status.expected_count ?? 0) - status.arrived.length - status.missing.length;
  return [...status.missing, ...(short > 0 ? [`${short} more`] : [])];
}

function humanStatus(status: BarrierStatus, given: boolean): string {
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
  if (!given) {
    for (const d of status.declarations ?? []) {
      lines.push(`expected by ${d.by}: ${describeExpectation(d)}`);
    }
  }
  if (given || expects(status)) {
    lines.push(
      status.complete ? `${status.name}: complete` : `missing: ${stillMissing(status).join(', ')}`,
    );
  }
  for (const d of status.diagnostics) lines.push(`warning: ${d.message}`);
  return lines.join('\n');
}
