import { describe, expect, it } from 'vitest';
import { ack, inbox, parseRoomRef, post, send } from '../../../core/rooms/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('rooms-inbox');
const ref = parseRoomRef('workspace/repo-a/planning');

describe('inbox', () => {
  it("returns the consumer's addressed messages and broadcasts, without acking", () => {
    send(dir(), ref, 'b', { body: 'for b', from: 'a' });
    send(dir(), ref, 'c', { body: 'for c', from: 'a' });
    send(dir(), ref, '*', { body: 'for all', from: 'a' });
    const last = post(dir(), ref, { body: 'unaddressed', from: 'a' });
    const box = inbox(dir(), ref, { consumer_id: 'b' });
    expect(box.messages.map((m) => m.body)).toEqual(['for b', 'for all']);
    expect(box).toMatchObject({
      consumer_id: 'b',
      from_cursor: 0,
      last_scanned_cursor: last.cursor,
      next_cursor: last.cursor,
      scanned: 4,
    });
    expect(box.cursors).toHaveLength(2);
    // Not acknowledged: the same inbox again gives the same messages.
    expect(inbox(dir(), ref, { consumer_id: 'b' }).messages).toHaveLength(2);
  });

  it('starts after the acked cursor, and from_cursor overrides it', () => {
    send(dir(), ref, 'b', { body: 'one' });
    const box = inbox(dir(), ref, { consumer_id: 'b' });
    ack(dir(), ref, 'b', box.next_cursor);
    send(dir(), ref, 'b', { body: 'two' });
    const next = inbox(dir(), ref, { consumer_id: 'b' });
    expect(next.from_cursor).toBe(box.next_cursor);
    expect(next.messages.map((m) => m.body)).toEqual(['two']);
    expect(inbox(dir(), ref, { consumer_id: 'b', from_cursor: 0 }).messages).toHaveLength(2);
  });

  it('derives the consumer from `to` (as the seed) and falls back to "default"', () => {
    send(dir(), ref, 'b', { body: 'x' });
    expect(inbox(dir(), ref, { to: 'b' }).consumer_id).toBe('b');
    expect(inbox(dir(), ref, { to: { worker_id: 'w1' } }).consumer_id).toBe('w1');
    expect(inbox(dir(), ref).consumer_id).toBe('default');
  });

  it('matches actor-object addresses on any of their id fields', () => {
    send(dir(), ref, { agent: 'planner', run_id: 'run-7' }, { body: 'actor' });
    expect(inbox(dir(), ref, { consumer_id: 'run-7' }).messages).toHaveLength(1);
    expect(inbox(dir(), ref, { consumer_id: 'planner' }).messages).toHaveLength(1);
    expect(inbox(dir(), ref, { consumer_id: 'other' }).messages).toHaveLength(0);
    expect(
      inbox(dir(), ref, { consumer_id: 'x', to: { session_id: 'zzz', agent: 'planner' } }).messages,
    ).toHaveLength(0);
    expect(inbox(dir(), ref, { consumer_id: 'x', to: { agent: 'planner' } }).messages).toHaveLength(
      1,
    );
  });

  it('to "" sees every address', () => {
    send(dir(), ref, 'b', { body: '1' });
    post(dir(), ref, { body: '2' });
    expect(inbox(dir(), ref, { consumer_id: 'ops', to: '' }).messages).toHaveLength(2);
  });

  it('filters by from, kind (one or several), reply_to, thread_id and subject', () => {
    send(dir(), ref, 'b', { body: 'req', kind: 'request', from: 'a', id: 'q1', thread_id: 'th' });
    send(dir(), ref, 'b', { body: 'claim', kind: 'claim', from: 'c', subject: 'Taking parser' });
    send(dir(), ref, 'b', {
      body: 'ans',
      kind: 'done',
      from: { agent: 'a' },
      reply_to: 'q1',
      thread_id: 'th',
    });
    const bodies = (o: Parameters<typeof inbox>[2]) =>
      inbox(dir(), ref, { consumer_id: 'b', ...o }).messages.map((m) => m.body);
    expect(bodies({ from: 'a' })).toEqual(['req', 'ans']);
    expect(bodies({ kind: 'claim' })).toEqual(['claim']);
    expect(bodies({ kind: ['request', 'done'] })).toEqual(['req', 'ans']);
    expect(bodies({ reply_to: 'q1' })).toEqual(['ans']);
    expect(bodies({ thread_id: 'th' })).toEqual(['req', 'ans']);
    expect(bodies({ subject: ' Taking parser ' })).toEqual(['claim']);
    expect(bodies({ subject: 'Taking' })).toEqual([]);
    expect(bodies({ from: 'a', kind: 'request' })).toEqual(['req']);
  });

  it('rejects an unknown kind filter instead of matching nothing', () => {
    expect(() => inbox(dir(), ref, { consumer_id: 'b', kind: 'nope' as never })).toThrow(
      /kind "nope"/,
    );
  });

  it('stops after limit matches with next_cursor at the last one', () => {
    const r = [1, 2, 3].map((n) => send(dir(), ref, 'b', { body: `${n}` }));
    const box = inbox(dir(), ref, { consumer_id: 'b', limit: 2 });
    expect(box.messages.map((m) => m.body)).toEqual(['1', '2']);
    expect(box.next_cursor).toBe(r[1]!.cursor);
  });
});
