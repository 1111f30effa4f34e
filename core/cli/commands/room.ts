import fs from 'node:fs';
import type { Command } from 'commander';
import { BatonError } from '../../errors.ts';
import type { Diagnostic } from '../../files/diagnostic.ts';
import {
  ack,
  addressIdentifier,
  findMessage,
  formatRoomRef,
  inbox,
  listRooms,
  parseRoomRef,
  post,
  read,
  readCursor,
  reply,
  request,
  send,
  subscribe,
  validateKindFilter,
  waitReply,
  type Address,
  type Message,
  type MessageFilter,
  type MessageKind,
  type PostInput,
  type Receipt,
  type RoomRef,
} from '../../rooms/index.ts';
import { EXIT } from '../exit-codes.ts';
import { cliContext, emit, parseIntOption, parseJsonOption, type CliContext } from '../output.ts';
import { duration, formatTable, relativeTime } from '../table.ts';

const ROOM_ARG = 'SCOPE/SCOPE_ID/ROOM, e.g. workspace/repo-a/planning';

interface MessageOptions {
  kind?: string;
  body?: string;
  subject?: string;
  from?: string;
  to?: string;
  id?: string;
  dedupeKey?: string;
  thread?: string;
  replyTo?: string;
  related?: string[];
  data?: unknown;
  refs?: unknown;
}

interface FilterOptions {
  to?: string;
  from?: string;
  kind?: string[];
  replyTo?: string;
  thread?: string;
  subject?: string;
}

/**
 * `baton room post|send|request|reply|wait-reply|read|inbox|ack|cursor|tail|list`: message rooms
 * (`SCOPE/SCOPE_ID/ROOM`) with per-consumer cursors. See docs/cli.md "Rooms".
 */
export function registerRoomCommands(program: Command): void {
  const room = program
    .command('room')
    .description('message rooms: post, request/reply, inboxes with cursors, tail');

  messageOptions(
    room
      .command('post')
      .description('append a message to a room')
      .argument('<room>', ROOM_ARG)
      .option('--to <agent>', 'address it (an agent id, or * for everyone)'),
  ).action((text: string, opts: MessageOptions, command: Command) => {
    const ctx = cliContext(command);
    printReceipt(ctx, post(ctx.dir, parseRoomRef(text), postInput(opts)));
  });

  messageOptions(
    room
      .command('send')
      .description('append a message addressed to one agent (or * for everyone)')
      .argument('<room>', ROOM_ARG)
      .requiredOption('--to <agent>', 'the recipient (an agent id, or * for everyone)'),
  ).action((text: string, opts: MessageOptions, command: Command) => {
    const ctx = cliContext(command);
    const { to, ...input } = postInput(opts);
    printReceipt(ctx, send(ctx.dir, parseRoomRef(text), to as Address, input));
  });

  messageOptions(
    room
      .command('request')
      .description('send a request (kind request, thread = its id); wait with wait-reply')
      .argument('<room>', ROOM_ARG)
      .requiredOption('--to <agent>', 'who should answer'),
  ).action((text: string, opts: MessageOptions, command: Command) => {
    const ctx = cliContext(command);
    const { to, ...input } = postInput(opts);
    printReceipt(ctx, request(ctx.dir, parseRoomRef(text), to as Address, input));
  });

  messageOptions(
    room
      .command('reply')
      .description('reply to a message of the room (to its sender, in its thread)')
      .argument('<room>', ROOM_ARG)
      .requiredOption('--reply-to <id>', 'the message answered (must be in the room)')
      .option('--to <agent>', "recipient (default: the parent's sender)"),
    { replyTo: false },
  ).action((text: string, opts: MessageOptions, command: Command) => {
    const ctx = cliContext(command);
    const ref = parseRoomRef(text);
    const parentId = opts.replyTo ?? '';
    const parent = findMessage(ctx.dir, ref, parentId);
    if (!parent) {
      throw new BatonError(
        'not_found',
        `message ${JSON.stringify(parentId)} is not in room ${formatRoomRef(ref)}`,
        { id: parentId, room: formatRoomRef(ref) },
      );
    }
    printReceipt(
      ctx,
      reply(ctx.dir, ref, parent.message, postInput({ ...opts, replyTo: undefined })),
    );
  });

  filterOptions(
    room
      .command('wait-reply')
      .description('wait for a reply to a request; exits 124 on timeout (result still printed)')
      .argument('<room>', ROOM_ARG)
      .argument('<request_id>', 'the request id (from `room request`)')
      .option(
        '--timeout <ms>',
        'give up after this long (default 2000; 0 = look once)',
        parseIntOption('--timeout'),
      )
      .option('--poll <ms>', 'fallback poll interval (default 50)', parseIntOption('--poll'))
      .option('--consumer <id>', 'cursor owner (default reply.<request_id>)')
      .option('--ack', "advance the consumer's cursor once a reply matched"),
    { replyTo: false },
  ).action(
    async (
      text: string,
      requestId: string,
      opts: FilterOptions & { timeout?: number; poll?: number; consumer?: string; ack?: boolean },
      command: Command,
    ) => {
      const ctx = cliContext(command);
      const result = await waitReply(ctx.dir, parseRoomRef(text), requestId, {
        timeout_ms: opts.timeout,
        poll_interval_ms: opts.poll,
        consumer_id: opts.consumer,
        from: opts.from,
        to: opts.to,
        kind: opts.kind && opts.kind.length > 0 ? validateKindFilter(opts.kind) : undefined,
        thread_id: opts.thread,
        subject: opts.subject,
        ack: opts.ack,
      });
      warn(result.diagnostics);
      emit(
        ctx,
        result,
        () =>
          result.reply
            ? result.replies.map((m) => messageLine(m)).join('\n')
            : `no reply to ${requestId} within ${duration(result.elapsed_ms)}`,
        result.matched ? EXIT.ok : EXIT.timeout,
      );
    },
  );

  room
    .command('read')
    .description('print messages, oldest first, each with its cursor')
    .argument('<room>', ROOM_ARG)
    .option(
      '--from-cursor <c>',
      'start after this cursor (default 0)',
      parseIntOption('--from-cursor'),
    )
    .option('--limit <n>', 'at most this many messages', parseIntOption('--limit'))
    .action((text: string, opts: { fromCursor?: number; limit?: number }, command: Command) => {
      const ctx = cliContext(command);
      const ref = parseRoomRef(text);
      const result = read(ctx.dir, ref, { from_cursor: opts.fromCursor, limit: opts.limit });
      warn(result.diagnostics);
      emit(ctx, { room: formatRoomRef(ref), ...result }, () =>
        [
          ...result.messages.map((e) => messageLine(e.message, e.cursor)),
          `next cursor ${result.next_cursor}`,
        ].join('\n'),
      );
    });

  filterOptions(
    room
      .command('inbox')
      .description("a consumer's messages since its cursor (addressed to it or to *); does not ack")
      .argument('<room>', ROOM_ARG)
      .requiredOption('--consumer <id>', 'whose inbox (also the default --to)')
      .option(
        '--from-cursor <c>',
        "start here instead of the consumer's cursor",
        parseIntOption('--from-cursor'),
      )
      .option('--limit <n>', 'at most this many messages', parseIntOption('--limit'))
      .option('--all', 'every address, not only this consumer and *'),
  ).action(
    (
      text: string,
      opts: FilterOptions & {
        consumer: string;
        fromCursor?: number;
        limit?: number;
        all?: boolean;
      },
      command: Command,
    ) => {
      const ctx = cliContext(command);
      const result = inbox(ctx.dir, parseRoomRef(text), {
        consumer_id: opts.consumer,
        ...filterOf(opts),
        ...(opts.all ? { to: '' } : {}),
        from_cursor: opts.fromCursor,
        limit: opts.limit,
      });
      warn(result.diagnostics);
      emit(ctx, result, () =>
        [
          ...result.messages.map((m, i) => messageLine(m, result.cursors[i])),
          `${result.messages.length} message(s) of ${result.scanned} scanned; next cursor ${result.next_cursor} (not acknowledged: baton room ack ${text} --consumer ${result.consumer_id} --cursor ${result.next_cursor})`,
        ].join('\n'),
      );
    },
  );

  room
    .command('ack')
    .description("advance a consumer's cursor (never backwards; removes nothing)")
    .argument('<room>', ROOM_ARG)
    .requiredOption('--consumer <id>', 'whose cursor')
    .requiredOption('--cursor <c>', 'a cursor from post, read or inbox', parseIntOption('--cursor'))
    .action((text: string, opts: { consumer: string; cursor: number }, command: Command) => {
      const ctx = cliContext(command);
      const record = ack(ctx.dir, parseRoomRef(text), opts.consumer, opts.cursor);
      emit(ctx, record, () =>
        record.cursor === opts.cursor
          ? `${record.consumer_id}: cursor ${record.cursor}`
          : `${record.consumer_id}: cursor stays ${record.cursor} (already past ${opts.cursor})`,
      );
    });

  room
    .command('cursor')
    .description("print a consumer's acknowledged cursor (null if it never acked)")
    .argument('<room>', ROOM_ARG)
    .requiredOption('--consumer <id>', 'whose cursor')
    .action((text: string, opts: { consumer: string }, command: Command) => {
      const ctx = cliContext(command);
      const ref = parseRoomRef(text);
      const { record, diagnostic } = readCursor(ctx.dir, ref, opts.consumer);
      if (diagnostic) warn([diagnostic]);
      const value = {
        consumer_id: opts.consumer,
        cursor: record?.cursor ?? null,
        updated_at_ms: record?.updated_at_ms ?? null,
      };
      emit(ctx, value, () =>
        record
          ? `${opts.consumer}: cursor ${record.cursor} (acked ${relativeTime(record.updated_at_ms)})`
          : `${opts.consumer}: no cursor (reads start at 0)`,
      );
    });

  filterOptions(
    room
      .command('tail')
      .description('follow a room like tail -f (existing, then new messages) until interrupted')
      .argument('<room>', ROOM_ARG)
      .option('--from-cursor <c>', 'start here (default 0)', parseIntOption('--from-cursor'))
      .option('--count <n>', 'exit after printing this many messages', parseIntOption('--count'))
      .option('--poll <ms>', 'fallback poll interval (default 200)', parseIntOption('--poll')),
  ).action(
    async (
      text: string,
      opts: FilterOptions & { fromCursor?: number; count?: number; poll?: number },
      command: Command,
    ) => {
      const ctx = cliContext(command);
      await tail(ctx, parseRoomRef(text), opts);
    },
  );

  room
    .command('list')
    .description('list rooms with their sizes, message counts and consumers')
    .action((_opts: unknown, command: Command) => {
      const ctx = cliContext(command);
      const result = listRooms(ctx.dir, { count: true });
      warn(result.diagnostics);
      emit(ctx, result, () =>
        formatTable(
          result.rooms.map((r) => ({
            room: r.ref,
            messages: r.message_count,
            bytes: r.size,
            updated: r.updated_at_ms ? relativeTime(r.updated_at_ms) : '-',
            consumers: r.consumers.map((c) => `${c.consumer_id}@${c.cursor}`).join(' ') || '-',
          })),
          ['room', 'messages', 'bytes', 'updated', 'consumers'],
        ),
      );
    });
}

/** Follow a room until SIGINT/SIGTERM (or --count messages), printing each message. */
function tail(
  ctx: CliContext,
  ref: RoomRef,
  opts: FilterOptions & { fromCursor?: number; count?: number; poll?: number },
): Promise<void> {
  const filter = filterOf(opts);
  return new Promise<void>((resolve, reject) => {
    const controller = new AbortController();
    const interrupt = (): void => controller.abort();
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    let failure: unknown;
    controller.signal.addEventListener('abort', () => {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      if (failure === undefined) resolve();
      else reject(failure);
    });
    if (opts.count === 0) controller.abort();
    let printed = 0;
    subscribe(ctx.dir, ref, {
      from_cursor: opts.fromCursor,
      filter,
      signal: controller.signal,
      poll_interval_ms: opts.poll,
      onMessage: (message, cursor) => {
        process.stdout.write(
          (ctx.json ? JSON.stringify({ cursor, message }) : messageLine(message, cursor)) + '\n',
        );
        printed++;
        if (opts.count !== undefined && printed >= opts.count) controller.abort();
      },
      onDiagnostic: (d) => warn([d]),
      onError: (error) => {
        failure = error;
        controller.abort();
      },
    });
  });
}

function messageOptions(command: Command, include: { replyTo?: boolean } = {}): Command {
  command
    .option(
      '--kind <kind>',
      'status, claim, ack, done, finding, checkin, heartbeat, handoff, blocker, decision, request or fact',
    )
    .requiredOption('--body <text>', 'the message text (- reads it from stdin)')
    .option('--subject <text>', "a one-line subject (default: the body's first line, 96 chars)")
    .option('--from <agent>', 'the sender (default: $BATON_AGENT_ID, else anonymous)')
    .option(
      '--id <id>',
      'an explicit message id: repeating the post is then a no-op (duplicate: true)',
    )
    .option('--dedupe-key <key>', 'idempotency key (the id when --id is not given)')
    .option('--thread <id>', 'thread id')
    .option('--related <id>', 'a related message id (repeatable)', collect, [] as string[])
    .option('--data <json>', 'structured payload (JSON)', parseJsonOption('--data'))
    .option('--refs <json>', 'references (a JSON array)', parseJsonOption('--refs'));
  if (include.replyTo !== false) command.option('--reply-to <id>', 'the message this answers');
  return command;
}

function filterOptions(command: Command, include: { replyTo?: boolean } = {}): Command {
  command
    .option('--to <agent>', 'only messages addressed to this agent (or to *)')
    .option('--from <agent>', 'only messages from this sender')
    .option(
      '--kind <kind>',
      'only this kind (repeatable, or comma-separated)',
      collectKinds,
      [] as string[],
    )
    .option('--thread <id>', 'only this thread')
    .option('--subject <text>', 'only this exact subject');
  if (include.replyTo !== false) command.option('--reply-to <id>', 'only replies to this message');
  return command;
}

function postInput(opts: MessageOptions): PostInput & { to?: Address } {
  const body = opts.body === '-' ? fs.readFileSync(0, 'utf8') : (opts.body ?? '');
  if (opts.refs !== undefined && !Array.isArray(opts.refs)) {
    throw new BatonError('invalid_argument', '--refs must be a JSON array', { label: 'refs' });
  }
  const input: PostInput = { body };
  if (opts.kind !== undefined) input.kind = opts.kind as MessageKind;
  if (opts.subject !== undefined) input.subject = opts.subject;
  if (opts.from !== undefined) input.from = opts.from;
  if (opts.to !== undefined) input.to = opts.to;
  if (opts.id !== undefined) input.id = opts.id;
  if (opts.dedupeKey !== undefined) input.dedupe_key = opts.dedupeKey;
  if (opts.thread !== undefined) input.thread_id = opts.thread;
  if (opts.replyTo !== undefined) input.reply_to = opts.replyTo;
  if (opts.related && opts.related.length > 0) input.related_ids = opts.related;
  if (opts.data !== undefined) input.data = opts.data;
  if (opts.refs !== undefined) input.refs = opts.refs as unknown[];
  return input;
}

function filterOf(opts: FilterOptions): MessageFilter {
  const filter: MessageFilter = {};
  if (opts.to !== undefined) filter.to = opts.to;
  if (opts.from !== undefined) filter.from = opts.from;
  if (opts.kind && opts.kind.length > 0) filter.kind = validateKindFilter(opts.kind);
  if (opts.replyTo !== undefined) filter.reply_to = opts.replyTo;
  if (opts.thread !== undefined) filter.thread_id = opts.thread;
  if (opts.subject !== undefined) filter.subject = opts.subject;
  return filter;
}

function printReceipt(ctx: CliContext, receipt: Receipt): void {
  emit(ctx, receipt, () =>
    receipt.duplicate
      ? `${receipt.id}: already posted (cursor ${receipt.cursor}); nothing appended`
      : `${receipt.id}: posted ${receipt.kind} to ${receipt.scope}/${receipt.scope_id}/${receipt.room} (cursor ${receipt.cursor})`,
  );
}

/** One readable line: cursor, time, kind, sender -> recipient, subject. */
function messageLine(message: Message, cursor?: number): string {
  const time = new Date(message.ts_ms).toISOString().slice(11, 19);
  const to = message.to === undefined ? '' : ` -> ${addressText(message.to)}`;
  const at = cursor === undefined ? '' : `@${cursor} `;
  return `${at}${time} ${message.kind} ${addressText(message.from)}${to}: ${message.subject} [${message.id}]`;
}

function addressText(address: Address): string {
  return addressIdentifier(address) ?? JSON.stringify(address);
}

/** Diagnostics go to stderr as warnings; with --json they are also in the document. */
function warn(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) process.stderr.write(`baton: warning: ${d.message}\n`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function collectKinds(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== ''),
  ];
}
