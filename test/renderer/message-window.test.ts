import { describe, expect, it } from 'vitest';
import type { RoomMessage } from '../../core/api/views.ts';
import {
  addressText,
  appendPage,
  arrivalAnnouncement,
  EMPTY_WINDOW,
  mergeMessages,
  prependPage,
  readMarkers,
} from '../../renderer/src/state/message-window.ts';

function m(cursor: number): RoomMessage {
  return {
    cursor,
    message: {
      schema: 'harn.coordination.message.v1',
      id: `m${cursor}`,
      scope: 'session',
      scope_id: 's1',
      room: 'general',
      kind: 'status',
      from: 'a',
      subject: `s${cursor}`,
      body: '',
      refs: [],
      related_ids: [],
      created_at: '2025-01-01T00:00:00Z',
      ts_ms: cursor,
    },
  };
}

describe('message window', () => {
  it('merges pages by cursor without duplicates, in order', () => {
    expect(mergeMessages([m(10), m(20)], [m(30)]).map((x) => x.cursor)).toEqual([10, 20, 30]);
    expect(mergeMessages([m(10), m(20)], [m(1)]).map((x) => x.cursor)).toEqual([1, 10, 20]);
    expect(
      mergeMessages([m(10), m(20), m(30)], [m(20), m(25), m(40)]).map((x) => x.cursor),
    ).toEqual([10, 20, 25, 30, 40]);
  });

  it('tracks more-before and more-after from the pages', () => {
    let w = appendPage(EMPTY_WINDOW, { messages: [m(10)], has_more_after: false, total: 3 });
    w = prependPage(w, { messages: [m(5)], has_more_before: true, total: 3 });
    expect(w.hasMoreBefore).toBe(true);
    expect(w.messages.map((x) => x.cursor)).toEqual([5, 10]);
  });

  it('puts each reader’s marker under the last message it acknowledged', () => {
    const msgs = [m(10), m(20), m(30)];
    const markers = readMarkers(msgs, [
      { consumer_id: 'a', cursor: 20 },
      { consumer_id: 'b', cursor: 25 },
      { consumer_id: 'c', cursor: 5 }, // before the loaded slice: no marker here
      { consumer_id: 'd', cursor: 99 },
    ]);
    expect(markers.get(1)).toEqual(['a', 'b']);
    expect(markers.get(2)).toEqual(['d']);
    expect([...markers.values()].flat()).not.toContain('c');
  });

  it('shows addresses as short text', () => {
    expect(addressText('builder-1')).toBe('builder-1');
    expect(addressText({ agent: 'x', run_id: 'r' })).toBe('x');
    expect(addressText(undefined)).toBe('');
  });
});

describe('arrival announcement', () => {
  it('names the sender and subject of one new message, else counts them', () => {
    const one = m(10);
    one.message.from = { agent: 'bob', session_id: 's1' };
    expect(arrivalAnnouncement([one], 'session/s1/general')).toBe(
      'New message from bob in session/s1/general: s10',
    );
    expect(arrivalAnnouncement([m(1), m(2), m(3)], 'session/s1/general')).toBe(
      '3 new messages in session/s1/general',
    );
    expect(arrivalAnnouncement([], 'session/s1/general')).toBe('');
  });
});
