import type { PostInput } from './envelope.ts';
import type { Address } from './message-schema.ts';
import { post, type Receipt } from './post.ts';
import type { RoomRef } from './room-ref.ts';

/**
 * Post a message addressed to `to` (an agent id, `*` for everyone, or an actor object). The
 * message stays in the room for all; `to` is what consumers' inboxes filter on.
 *
 * @example
 * send(dir, ref, 'reviewer-2', { kind: 'handoff', body: 'PR #12 ready for review', from: 'builder-1' });
 */
export function send(
  dir: string,
  ref: RoomRef,
  to: Address,
  input: Omit<PostInput, 'to'>,
): Receipt {
  return post(dir, ref, { ...input, to });
}
