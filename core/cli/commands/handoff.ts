import type { Command } from 'commander';
import {
  acceptHandoff,
  createHandoff,
  declineHandoff,
  defaultAgentId,
  listHandoffs,
  readHandoff,
  type CreatedHandoff,
  type HandoffDecisionResult,
  type HandoffStateFilter,
  type HandoffView,
} from '../../handoffs/index.ts';
import { cliContext, emit, parseIntOption } from '../output.ts';
import { duration, formatTable, relativeTime } from '../table.ts';

const WHO = '(default: $BATON_AGENT_ID, $COG_AGENT_ID, the user)';

/** `baton handoff create|list|show|accept|decline` (docs/cli.md "Handoffs"). */
export function registerHandoffCommands(program: Command): void {
  const handoff = program
    .command('handoff')
    .description('hand work to another agent; accept or decline what was handed to you');

  handoff
    .command('create')
    .description('create a pending handoff and post a handoff message to its room')
    .requiredOption('--to <agent>', 'who receives the work')
    .requiredOption('--message <text>', 'what is handed over, and why')
    .option('--from <agent>', `who hands over ${WHO}`)
    .option('--artifact <path>', 'the file, branch or URL handed over')
    .option(
      '--room <room>',
      'SCOPE/SCOPE_ID/ROOM for its messages (default workspace/default/handoffs)',
    )
    .option('--run <run_id>', 'the durable run it belongs to')
    .option('--thread <thread_id>', 'the thread its messages join')
    .option('--deadline-ms <ms>', 'due this many ms from now', parseIntOption('--deadline-ms'))
    .action(
      (
        opts: {
          to: string;
          message: string;
          from?: string;
          artifact?: string;
          room?: string;
          run?: string;
          thread?: string;
          deadlineMs?: number;
        },
        command: Command,
      ) => {
        const ctx = cliContext(command);
        const now = Date.now();
        const created = createHandoff(
          ctx.dir,
          {
            from: opts.from ?? defaultAgentId(),
            to: opts.to,
            message: opts.message,
            ...(opts.artifact === undefined ? {} : { artifact: opts.artifact }),
            ...(opts.room === undefined ? {} : { room: opts.room }),
            ...(opts.run === undefined ? {} : { run_id: opts.run }),
            ...(opts.thread === undefined ? {} : { thread_id: opts.thread }),
            ...(opts.deadlineMs === undefined ? {} : { deadline_ms: now + opts.deadlineMs }),
          },
          { now },
        );
        emit(ctx, createdJson(created), () => {
          const warn = created.message_error
            ? `\nwarning: not announced: ${created.message_error}`
            : '';
          return `${created.id} (${created.handoff.from} -> ${created.handoff.to}) pending${warn}`;
        });
      },
    );

  handoff
    .command('list')
    .description('handoffs, oldest first (default: pending ones)')
    .option('--to <agent>', 'only those handed to this agent')
    .option('--from <agent>', 'only those from this agent')
    .option('--state <state>', 'pending, accepted, declined or all', 'pending')
    .action((opts: { to?: string; from?: string; state: HandoffStateFilter }, command: Command) => {
      const ctx = cliContext(command);
      const result = listHandoffs(ctx.dir, {
        state: opts.state,
        ...(opts.to === undefined ? {} : { to: opts.to }),
        ...(opts.from === undefined ? {} : { from: opts.from }),
      });
      emit(ctx, result, () =>
        [
          formatTable(
            result.handoffs.map((h) => ({
              id: h.id,
              state: h.overdue ? 'overdue' : h.state,
              from: h.handoff.from,
              to: h.handoff.to,
              age: duration(h.age_ms),
              due:
                h.handoff.deadline_ms === undefined
                  ? undefined
                  : relativeTime(h.handoff.deadline_ms),
              message: firstLine(h.handoff.message),
            })),
            ['id', 'state', 'from', 'to', 'age', 'due', 'message'],
          ),
          ...result.diagnostics.map((d) => `warning: ${d.message}`),
        ].join('\n'),
      );
    });

  handoff
    .command('show')
    .description('one handoff in any state, with its decision')
    .argument('<id>', 'the handoff id')
    .action((id: string, _opts: unknown, command: Command) => {
      const ctx = cliContext(command);
      const view = readHandoff(ctx.dir, id);
      emit(ctx, view, () => humanView(view));
    });

  handoff
    .command('accept')
    .description('accept a pending handoff; exits 75 if someone decided first')
    .argument('<id>', 'the handoff id')
    .option('--by <agent>', `who accepts ${WHO}`)
    .option('--note <text>', 'a note for the creator')
    .action((id: string, opts: { by?: string; note?: string }, command: Command) => {
      const ctx = cliContext(command);
      const result = acceptHandoff(ctx.dir, id, {
        by: opts.by ?? defaultAgentId(),
        ...(opts.note === undefined ? {} : { note: opts.note }),
      });
      emit(ctx, decisionJson(result), () => `accepted ${id} (from ${result.handoff.from})`);
    });

  handoff
    .command('decline')
    .description('decline a pending handoff; exits 75 if someone decided first')
    .argument('<id>', 'the handoff id')
    .requiredOption('--reason <text>', 'why, for the creator')
    .option('--by <agent>', `who declines ${WHO}`)
    .action((id: string, opts: { by?: string; reason: string }, command: Command) => {
      const ctx = cliContext(command);
      const result = declineHandoff(ctx.dir, id, {
        by: opts.by ?? defaultAgentId(),
        reason: opts.reason,
      });
      emit(ctx, decisionJson(result), () => `declined ${id} (from ${result.handoff.from})`);
    });
}

/** The receipt is summarised to its id and cursor: the message itself repeats the handoff. */
function createdJson(created: CreatedHandoff): Record<string, unknown> {
  const { message, ...rest } = created;
  return { ...rest, message_id: message?.id ?? null, message_cursor: message?.cursor ?? null };
}

function decisionJson(result: HandoffDecisionResult): Record<string, unknown> {
  const { message, ...rest } = result;
  return { ...rest, message_id: message?.id ?? null, message_cursor: message?.cursor ?? null };
}

function humanView(view: HandoffView): string {
  const h = view.handoff;
  const lines = [
    `${view.id}: ${view.overdue ? 'pending (overdue)' : view.state}`,
    `from ${h.from} to ${h.to}, created ${relativeTime(h.created_at_ms)}`,
  ];
  if (h.artifact) lines.push(`artifact: ${h.artifact}`);
  if (h.run_id) lines.push(`run: ${h.run_id}`);
  if (h.deadline_ms !== undefined) lines.push(`due ${relativeTime(h.deadline_ms)}`);
  if (h.room) lines.push(`room: ${h.room}`);
  lines.push('', h.message);
  const d = view.decision;
  if (d) {
    const why = d.note ?? d.reason;
    lines.push('', `${d.decision} by ${d.by} ${relativeTime(d.at_ms)}${why ? `: ${why}` : ''}`);
  }
  for (const diag of view.diagnostics) lines.push(`warning: ${diag.message}`);
  return lines.join('\n');
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
