import { addressMatches } from './address.ts';
import { validateKind } from './envelope.ts';
import type { Address, Message, MessageKind } from './message-schema.ts';

/** Filters of inbox, waitReply and tail. Every field left out (or empty) matches everything. */
export interface MessageFilter {
  /** Recipient: a message addressed to it, or an actor object carrying it, or to `*`. */
  to?: Address;
  /** Sender, matched like `to` (without the broadcast rule). */
  from?: Address;
  /** One kind or any of several. */
  kind?: MessageKind | readonly MessageKind[];
  reply_to?: string;
  thread_id?: string;
  subject?: string;
}

/**
 * Does `message` pass `filter`? Ports the seed's matching: address fields compare by identifier,
 * text fields compare trimmed and exactly, `kind` may be a list.
 *
 * @example
 * messageMatches(msg, { to: 'builder-1', kind: ['request', 'blocker'] });
 */
export function messageMatches(message: Message, filter: MessageFilter): boolean {
  if (!kindMatches(message.kind, filter.kind)) return false;
  if (filter.to !== undefined && !addressMatches(message.to, filter.to, { broadcast: true })) {
    return false;
  }
  if (filter.from !== undefined && !addressMatches(message.from, filter.from)) return false;
  if (!textMatches(message.reply_to, filter.reply_to)) return false;
  if (!textMatches(message.thread_id, filter.thread_id)) return false;
  if (!textMatches(message.subject, filter.subject)) return false;
  return true;
}

function kindMatches(kind: string, expected: MessageFilter['kind']): boolean {
  if (expected === undefined) return true;
  const wanted: readonly string[] = typeof expected === 'string' ? [expected] : expected;
  if (wanted.length === 0) return true;
  return wanted.includes(kind);
}

function textMatches(value: unknown, expected: string | undefined): boolean {
  const needle = (expected ?? '').trim();
  if (needle === '') return true;
  return typeof value === 'string' && value.trim() === needle;
}

/**
 * Validate a kind filter given by a caller (one kind or a list), lower-cased and trimmed as the
 * seed does, so a typo is an error instead of an inbox that silently never matches.
 *
 * @example
 * validateKindFilter(['Request', ' done ']); // ['request', 'done']
 * validateKindFilter('nope');                // throws invalid_argument
 */
export function validateKindFilter(
  value: string | readonly string[] | undefined,
): MessageKind[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  return list.map((item) => validateKind(String(item)));
}
