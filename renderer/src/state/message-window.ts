import type { RoomMessage } from '../../../core/api/views.ts';

/**
 * The slice of one room's messages the stream holds: contiguous, oldest first, with whether
 * more exist on either side. Pages are merged by cursor (a message's unique, increasing byte
 * offset), so a page that overlaps what is loaded (a live append racing a page) adds no
 * duplicates and keeps order.
 */
export type MessageWindow = {
  messages: readonly RoomMessage[];
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
  total: number;
};

export const EMPTY_WINDOW: MessageWindow = {
  messages: [],
  hasMoreBefore: false,
  hasMoreAfter: false,
  total: 0,
};

export function mergeMessages(a: readonly RoomMessage[], b: readonly RoomMessage[]): RoomMessage[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  // Common cases first: b entirely after or entirely before a.
  if (b[0]!.cursor > a[a.length - 1]!.cursor) return [...a, ...b];
  if (b[b.length - 1]!.cursor < a[0]!.cursor) return [...b, ...a];
  const byCursor = new Map<number, RoomMessage>();
  for (const m of a) byCursor.set(m.cursor, m);
  for (const m of b) byCursor.set(m.cursor, m);
  return [...byCursor.values()].sort((x, y) => x.cursor - y.cursor);
}

export function prependPage(
  w: MessageWindow,
  page: { messages: readonly RoomMessage[]; has_more_before: boolean; total: number },
): MessageWindow {
  return {
    ...w,
    messages: mergeMessages(page.messages, w.messages),
    hasMoreBefore: page.has_more_before,
    total: page.total,
  };
}

export function appendPage(
  w: MessageWindow,
  page: { messages: readonly RoomMessage[]; has_more_after: boolean; total: number },
): MessageWindow {
  return {
    ...w,
    messages: mergeMessages(w.messages, page.messages),
    hasMoreAfter: page.has_more_after,
    total: page.total,
  };
}

export function newestCursor(w: MessageWindow): number | undefined {
  return w.messages.length ? w.messages[w.messages.length - 1]!.cursor : undefined;
}

/**
 * For each consumer, the index of the last loaded message it has read (cursor at or before its
 * ack cursor), to draw "read up to here" under that row. Consumers whose cursor falls before
 * the loaded slice get no marker (the marker is further up, not loaded yet).
 */
export function readMarkers(
  messages: readonly RoomMessage[],
  consumers: readonly { consumer_id: string; cursor: number }[],
): Map<number, string[]> {
  const markers = new Map<number, string[]>();
  if (messages.length === 0) return markers;
  for (const consumer of consumers) {
    if (consumer.cursor < messages[0]!.cursor) continue;
    // Binary search: last index with cursor <= consumer.cursor.
    let lo = 0;
    let hi = messages.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (messages[mid]!.cursor <= consumer.cursor) lo = mid;
      else hi = mid - 1;
    }
    const list = markers.get(lo) ?? [];
    list.push(consumer.consumer_id);
    markers.set(lo, list);
  }
  return markers;
}

/** An address as one short string: an agent id, `*`, or the actor object's most telling field. */
export function addressText(address: unknown): string {
  if (address === undefined || address === null) return '';
  if (typeof address === 'string') return address;
  if (typeof address === 'object') {
    const a = address as Record<string, unknown>;
    for (const k of ['agent', 'worker_id', 'run_id', 'session_id', 'task_id']) {
      if (typeof a[k] === 'string') return a[k] as string;
    }
  }
  return JSON.stringify(address);
}

/**
 * What a screen reader is told when new messages arrive in the open room (the stream is a
 * listbox, which announces nothing by itself): the sender and subject of one, else how many.
 *
 * @example
 * arrivalAnnouncement([m], 'task/t1/plan'); // 'New message from bob in task/t1/plan: tests green'
 */
export function arrivalAnnouncement(messages: readonly RoomMessage[], room: string): string {
  const [only] = messages;
  if (only === undefined) return '';
  if (messages.length > 1) return `${messages.length} new messages in ${room}`;
  return `New message from ${addressText(only.message.from)} in ${room}: ${only.message.subject}`;
}
