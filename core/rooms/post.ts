import { BatonError, hasErrnoCode } from '../errors.ts';
import { appendJsonLine, MAX_RECORD_BYTES } from '../files/jsonl.ts';
import { buildEnvelope, type PostInput } from './envelope.ts';
import { claimId, completeClaim, releaseClaim, stillClaimed } from './id-claims.ts';
import { RECEIPT_SCHEMA, type Message, type MessageKind, type Scope } from './message-schema.ts';
import { roomFile, validateRoomRef, type RoomRef } from './room-ref.ts';

/** What a post returns: where the message landed, and the message itself. */
export interface Receipt {
  schema: typeof RECEIPT_SCHEMA;
  id: string;
  /** Byte offset just past the message's line: ack it to move past the message. */
  cursor: number;
  /** Byte offset where the line starts. */
  offset: number;
  /** True when the id was already posted (within the window): nothing was appended. */
  duplicate: boolean;
  scope: Scope;
  scope_id: string;
  room: string;
  kind: MessageKind;
  subject: string;
  message: Message;
}

/**
 * Append a message to a room (`rooms/<scope>/<scope_id>/<room>.jsonl`) with one O_APPEND write.
 * Input is validated before anything is written; a message over 1 MiB is refused
 * (`record_too_large`). A post with an explicit `id` or `dedupe_key` is idempotent for
 * {@link ID_CLAIM_WINDOW_MS}: a repeat, even a concurrent one from another process, appends
 * nothing and returns the original receipt with `duplicate: true`.
 *
 * @example
 * const receipt = post(dir, parseRoomRef('workspace/repo-a/planning'), {
 *   kind: 'claim', body: 'taking src/parser.ts', from: 'builder-1',
 * });
 * receipt.cursor; // ack up to here to move past it
 */
export function post(dir: string, ref: RoomRef, input: PostInput): Receipt {
  return postWithId(dir, ref, input, undefined);
}

/**
 * {@link post} with the id to use when the input gives none. Such an id is ours, fresh and unique,
 * so the post needs no idempotency claim (request() uses this to know its id before posting).
 *
 * @example
 * postWithId(dir, ref, { kind: 'request', body: 'ok?' }, newMessageId());
 */
export function postWithId(
  dir: string,
  ref: RoomRef,
  input: PostInput,
  generatedId: string | undefined,
): Receipt {
  const room = validateRoomRef(ref);
  const message = buildEnvelope(room, input, { generatedId });
  const file = roomFile(dir, room);
  if (input.id === undefined && input.dedupe_key === undefined) {
    const at = appendLine(file, message);
    return receipt(message, at, false);
  }
  assertFits(file, message); // before claiming, so a refused message leaves no claim behind
  const outcome = claimId(dir, room, message);
  if (!outcome.claimed) return receipt(outcome.original.message, outcome.original, true);
  let at: { offset: number; cursor: number };
  try {
    if (!stillClaimed(outcome)) {
      // Taken over as stale while we stalled: the new claimer posts it, not us.
      return postWithId(dir, room, input, generatedId);
    }
    at = appendLine(file, message);
  } catch (error) {
    releaseClaim(outcome);
    throw error;
  }
  try {
    completeClaim(outcome, at);
  } catch {
    // The message is posted; a repeat finds its line by searching the room instead.
  }
  return receipt(message, at, false);
}

/** Append, creating the room's directory only when it is missing (saves a syscall per post). */
function appendLine(file: string, message: Message): { offset: number; cursor: number } {
  try {
    return appendJsonLine(file, message);
  } catch (error) {
    if (!hasErrnoCode(error, 'ENOENT')) throw error;
    return appendJsonLine(file, message, { mkdir: true });
  }
}

function receipt(
  message: Message,
  at: { offset: number; cursor: number },
  duplicate: boolean,
): Receipt {
  return {
    schema: RECEIPT_SCHEMA,
    id: message.id,
    cursor: at.cursor,
    offset: at.offset,
    duplicate,
    scope: message.scope,
    scope_id: message.scope_id,
    room: message.room,
    kind: message.kind,
    subject: message.subject,
    message,
  };
}

function assertFits(file: string, message: Message): void {
  const bytes = Buffer.byteLength(JSON.stringify(message), 'utf8') + 1;
  if (bytes > MAX_RECORD_BYTES) {
    throw new BatonError(
      'record_too_large',
      `${file}: record of ${bytes} bytes is over the ${MAX_RECORD_BYTES}-byte limit`,
      { path: file, bytes },
    );
  }
}
