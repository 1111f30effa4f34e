import { BatonError } from '../errors.ts';
import type { PostInput } from './envelope.ts';
import type { Address, Message } from './message-schema.ts';
import { post, type Receipt } from './post.ts';
import { findMessage } from './read.ts';
import type { RoomRef } from './room-ref.ts';

/** What a reply answers: a message, a receipt, or just the parent's id (and what is known of it). */
export type ReplyParent = Message | Receipt | { id: string; from?: Address; thread_id?: string };

/**
 * Reply to a message: `reply_to` is the parent's id, `thread_id` the parent's thread (or its id),
 * `related_ids` gains the parent's id, and `to` defaults to the parent's sender. Given only an id,
 * the parent's sender and thread are looked up in the room (when found).
 *
 * @example
 * const asked = request(dir, ref, 'reviewer-2', { body: 'Is src/parser.ts free?', from: 'builder-1' });
 * reply(dir, ref, asked.message, { body: 'yes, take it', from: 'reviewer-2' });
 * // -> to 'builder-1', reply_to asked.id, thread_id asked.id
 */
export function reply(dir: string, ref: RoomRef, parent: ReplyParent, input: PostInput): Receipt {
  const known = parentOf(parent);
  let from = known.from;
  let threadId = known.thread_id;
  const needsLookup =
    !known.complete &&
    ((from === undefined && input.to === undefined) ||
      (threadId === undefined && input.thread_id === undefined));
  if (needsLookup) {
    const found = findMessage(dir, ref, known.id)?.message;
    from ??= found?.from;
    threadId ??= found?.thread_id;
  }
  const related = [...(input.related_ids ?? [])];
  if (!related.includes(known.id)) related.push(known.id);
  return post(dir, ref, {
    ...input,
    to: input.to ?? from,
    reply_to: known.id,
    thread_id: input.thread_id ?? threadId ?? known.id,
    related_ids: related,
  });
}

function parentOf(parent: ReplyParent): {
  id: string;
  from?: Address;
  thread_id?: string;
  complete: boolean;
} {
  const inner: unknown =
    parent && typeof parent === 'object' && 'message' in parent ? parent.message : parent;
  if (!inner || typeof inner !== 'object' || typeof (inner as { id?: unknown }).id !== 'string') {
    throw new BatonError(
      'invalid_argument',
      'reply expects a message, a receipt or { id } of the message it answers',
      { label: 'parent' },
    );
  }
  const m = inner as { id: string; from?: Address; thread_id?: string; schema?: unknown };
  return { id: m.id, from: m.from, thread_id: m.thread_id, complete: m.schema !== undefined };
}
