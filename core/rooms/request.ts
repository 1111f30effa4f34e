import type { PostInput } from './envelope.ts';
import { newMessageId } from './message-id.ts';
import type { Address } from './message-schema.ts';
import { postWithId, type Receipt } from './post.ts';
import type { RoomRef } from './room-ref.ts';

/**
 * Send an addressed request: kind `request` (unless `kind` says otherwise), an id (given, the
 * dedupe key, or a new one) and `thread_id` defaulting to that id, so the asker can
 * {@link waitReply} on it. With an explicit id or dedupe key the request is idempotent like
 * any post.
 *
 * @example
 * const asked = request(dir, ref, 'reviewer-2', { body: 'Is src/parser.ts free?', from: 'builder-1' });
 * const answer = await waitReply(dir, ref, asked, { timeout_ms: 30_000 });
 */
export function request(
  dir: string,
  ref: RoomRef,
  to: Address,
  input: Omit<PostInput, 'to'>,
): Receipt {
  const generated = newMessageId();
  const id = input.id ?? input.dedupe_key ?? generated;
  return postWithId(
    dir,
    ref,
    { ...input, to, kind: input.kind ?? 'request', thread_id: input.thread_id ?? id },
    generated,
  );
}
