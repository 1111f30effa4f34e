import { BatonError } from '../errors.ts';
import { writeJsonExclusive } from '../files/exclusive-file.ts';
import { validateName } from '../files/names.ts';
import { formatRoomRef, post, type Receipt, type RoomRef } from '../rooms/index.ts';
import { HANDOFF_SCHEMA, type HandoffRecord } from './handoff-schema.ts';
import { newHandoffId } from './handoff-id.ts';
import { handoffPaths } from './handoff-paths.ts';
import { DEFAULT_HANDOFF_ROOM, createdMessageId, toRoomRef } from './handoff-room.ts';

export interface CreateHandoffInput {
  from: string;
  to: string;
  message: string;
  /** A path or URL of the work handed over. */
  artifact?: string;
  run_id?: string;
  /** Thread of the handoff's messages; default the creation message's id. */
  thread_id?: string;
  /** Where the handoff's messages go (default `workspace/default/handoffs`). */
  room?: RoomRef | string;
  /** Absolute deadline (ms since the epoch); past it a pending handoff is `overdue`. */
  deadline_ms?: number;
  refs?: unknown[];
}

export interface CreatedHandoff {
  id: string;
  state: 'pending';
  handoff: HandoffRecord;
  path: string;
  /** The room the `handoff` message went to, as SCOPE/SCOPE_ID/ROOM. */
  room: string;
  /** The `handoff` message (null if posting failed; the handoff itself exists). */
  message: Receipt | null;
  message_error?: string;
}

/**
 * Hand work from one agent to another (CogOS' CreateHandoff): writes
 * `handoffs/pending/<id>.json` (complete from its first instant, never replacing another id),
 * then posts a `handoff` message addressed to `to` in the handoff's room with data
 * `{handoff_id, artifact, run_id}`. Everything is validated before anything is written.
 *
 * @example
 * const { id } = createHandoff('/coord', {
 *   from: 'builder-1', to: 'reviewer-2', message: 'parser done, please review',
 *   artifact: 'src/parser.ts', deadline_ms: Date.now() + 3_600_000,
 * });
 */
export function createHandoff(
  dir: string,
  input: CreateHandoffInput,
  options: { now?: number } = {},
): CreatedHandoff {
  const record = buildRecord(input, options.now ?? Date.now());
  const paths = handoffPaths(dir);
  // A fresh id per attempt: a clash (same millisecond and same 32 random bits) just retries.
  for (
    let attempt = 0;
    !writeJsonExclusive(paths.record('pending', record.id), record, { mkdir: true });
    attempt++
  ) {
    if (attempt >= 5) {
      throw new BatonError(
        'conflict',
        `could not allocate a unique handoff id in ${paths.stateDir('pending')}`,
      );
    }
    record.id = newHandoffId(record.created_at_ms);
    record.thread_id = input.thread_id ?? createdMessageId(record.id);
  }
  const base = {
    id: record.id,
    state: 'pending' as const,
    handoff: record,
    path: paths.record('pending', record.id),
    room: record.room!,
  };
  try {
    const message = post(dir, toRoomRef(base.room), {
      id: createdMessageId(record.id),
      kind: 'handoff',
      from: record.from,
      to: record.to,
      body: record.message,
      data: {
        handoff_id: record.id,
        artifact: record.artifact ?? null,
        run_id: record.run_id ?? null,
        ...(record.deadline_ms === undefined ? {} : { deadline_ms: record.deadline_ms }),
      },
      refs: record.refs ?? [],
      thread_id: record.thread_id,
    });
    return { ...base, message };
  } catch (error) {
    return { ...base, message: null, message_error: (error as Error).message };
  }
}

function buildRecord(input: CreateHandoffInput, now: number): HandoffRecord {
  if (input === null || typeof input !== 'object') {
    throw new BatonError('invalid_argument', 'handoff input is required');
  }
  const from = validateName('from', input.from);
  const to = validateName('to', input.to);
  if (typeof input.message !== 'string' || input.message.trim() === '') {
    throw new BatonError('invalid_argument', 'message is required (what is handed over, and why)');
  }
  if (
    input.artifact !== undefined &&
    (typeof input.artifact !== 'string' || input.artifact === '')
  ) {
    throw new BatonError('invalid_argument', 'artifact must be a non-empty string');
  }
  if (input.run_id !== undefined) validateName('run id', input.run_id);
  if (input.thread_id !== undefined) validateName('thread id', input.thread_id);
  if (input.deadline_ms !== undefined && !Number.isInteger(input.deadline_ms)) {
    throw new BatonError(
      'invalid_argument',
      `deadline_ms must be an integer time in ms (got ${input.deadline_ms})`,
    );
  }
  if (input.refs !== undefined && !Array.isArray(input.refs)) {
    throw new BatonError('invalid_argument', 'refs must be an array');
  }
  const room = formatRoomRef(toRoomRef(input.room ?? DEFAULT_HANDOFF_ROOM));
  const id = newHandoffId(now);
  const record: HandoffRecord = {
    schema: HANDOFF_SCHEMA,
    id,
    from,
    to,
    ...(input.artifact === undefined ? {} : { artifact: input.artifact }),
    message: input.message,
    ...(input.run_id === undefined ? {} : { run_id: input.run_id }),
    thread_id: input.thread_id ?? createdMessageId(id),
    room,
    ...(input.refs === undefined ? {} : { refs: input.refs }),
    created_at_ms: now,
    ...(input.deadline_ms === undefined ? {} : { deadline_ms: input.deadline_ms }),
  };
  const size = Buffer.byteLength(JSON.stringify(record));
  if (size > 512 * 1024) {
    // The message repeats the text and must fit in one room line (1 MiB).
    throw new BatonError(
      'invalid_argument',
      `handoff of ${size} bytes is too large (limit 512 KiB)`,
    );
  }
  return record;
}
