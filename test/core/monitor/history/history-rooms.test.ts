import { afterEach, describe, expect, it } from 'vitest';
import type { RequestOutput } from '../../../../core/api/contract.ts';
import { contract } from '../../../../core/api/contract.ts';
import { useTempDir } from '../../../support/temp-dir.ts';
import { envelope, fleet } from './history-fixtures.ts';

const temp = useTempDir('history-rooms');
let f: ReturnType<typeof fleet>;
afterEach(async () => {
  await f?.closeAll();
});

const ROOM = 'task/t1/plan';
const ids = (page: RequestOutput<'roomMessages'>) => page.messages.map((m) => m.message.id);

describe('roomStats', () => {
  it('lists a request as pending until a message of the room replies to it', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(
      file,
      envelope('q1', { kind: 'request', to: 'reviewer', thread_id: 'q1' }),
      envelope('q2', { kind: 'request', from: 'ops' }),
      envelope('s1'),
    );
    const h = f.open();
    await h.syncFile(file);
    const before = h.roomStats(ROOM);
    expect(before.pending_requests.map((m) => m.id)).toEqual(['q1', 'q2']);
    expect(before.pending_requests[0]).toMatchObject({
      kind: 'request',
      from: 'builder-1',
      to: 'reviewer',
    });
    expect(before.pending_requests[1]).toMatchObject({ from: 'ops' });
    expect(before.pending_requests[1]).not.toHaveProperty('to');

    f.post(file, envelope('r1', { kind: 'ack', reply_to: 'q1', thread_id: 'q1' }));
    await h.syncFile(file);
    const after = h.roomStats(ROOM);
    expect(after.pending_requests.map((m) => m.id)).toEqual(['q2']);
    expect(after.kinds).toEqual({ request: 2, status: 1, ack: 1 });
    expect(after.last_message?.id).toBe('r1');
  });

  it('does not list a request whose reply came first, nor count replies from other rooms', async () => {
    f = fleet(temp());
    const file = f.room();
    const other = f.room('task/t1/other');
    f.post(
      file,
      envelope('r0', { reply_to: 'q9' }),
      envelope('q9', { kind: 'request' }),
      envelope('q8', { kind: 'request' }),
    );
    f.post(other, envelope('r8', { reply_to: 'q8', room: 'other' }));
    const h = f.open();
    await h.syncFile(file);
    await h.syncFile(other);
    expect(h.roomStats(ROOM).pending_requests.map((m) => m.id)).toEqual(['q8']);
  });

  it('answers zeros for a room it has not indexed', () => {
    f = fleet(temp());
    const h = f.open();
    expect(h.roomStats('task/none/x')).toEqual({
      message_count: 0,
      kinds: {},
      pending_requests: [],
      size_bytes: 0,
    });
    expect(h.unreadCount('task/none/x', 0)).toBe(0);
  });
});

describe('unreadCount', () => {
  it('counts the messages after a consumer cursor', async () => {
    f = fleet(temp());
    const file = f.room();
    const c = f.post(file, envelope('m1'), envelope('m2'), envelope('m3'), envelope('m4'));
    const h = f.open();
    await h.syncFile(file);
    expect(h.unreadCount(ROOM, 0)).toBe(4);
    expect(h.unreadCount(ROOM, c[0] as number)).toBe(3);
    expect(h.unreadCount(ROOM, (c[1] as number) + 5)).toBe(2); // a cursor inside a line
    expect(h.unreadCount(ROOM, c[3] as number)).toBe(0);
    expect(h.unreadCount(ROOM, 10 ** 12)).toBe(0);
  });
});

describe('roomMessages', () => {
  async function room() {
    f = fleet(temp());
    const file = f.room();
    const messages = Array.from({ length: 10 }, (_, i) =>
      envelope(`m${i}`, {
        kind: i % 3 === 0 ? 'request' : 'status',
        from: i % 2 === 0 ? 'alice' : { agent: 'bob' },
        to: i % 4 === 0 ? 'carol' : undefined,
        thread_id: i < 5 ? 'th1' : undefined,
        ts_ms: 1000 + i,
      }),
    );
    const cursors = f.post(file, ...messages);
    const h = f.open();
    await h.syncFile(file);
    return { h, cursors };
  }

  it('returns full messages oldest first, paging forwards by after_cursor', async () => {
    const { h, cursors } = await room();
    const input = contract.requests.roomMessages.input.parse({ room: ROOM, limit: 4 });
    const first = h.roomMessages(input);
    expect(ids(first)).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(first).toMatchObject({ total: 10, has_more_before: false, has_more_after: true });
    expect(first.messages[1]).toEqual({
      cursor: cursors[1],
      message: expect.objectContaining({ id: 'm1', from: { agent: 'bob' }, refs: [] }),
    });
    const second = h.roomMessages({ ...input, after_cursor: first.messages[3]?.cursor });
    expect(ids(second)).toEqual(['m4', 'm5', 'm6', 'm7']);
    expect(second).toMatchObject({ has_more_before: true, has_more_after: true });
    const last = h.roomMessages({ ...input, after_cursor: second.messages[3]?.cursor });
    expect(ids(last)).toEqual(['m8', 'm9']);
    expect(last).toMatchObject({ has_more_before: true, has_more_after: false });
    const past = h.roomMessages({ ...input, after_cursor: cursors[9] });
    expect(past).toMatchObject({
      messages: [],
      total: 10,
      has_more_before: true,
      has_more_after: false,
    });
  });

  it('pages backwards from the newest by before_cursor', async () => {
    const { h, cursors } = await room();
    const input = contract.requests.roomMessages.input.parse({
      room: ROOM,
      limit: 3,
      before_cursor: Number.MAX_SAFE_INTEGER,
    });
    const newest = h.roomMessages(input);
    expect(ids(newest)).toEqual(['m7', 'm8', 'm9']);
    expect(newest).toMatchObject({ has_more_before: true, has_more_after: false });
    const older = h.roomMessages({ ...input, before_cursor: newest.messages[0]?.cursor });
    expect(ids(older)).toEqual(['m4', 'm5', 'm6']);
    expect(older).toMatchObject({ has_more_before: true, has_more_after: true });
    const oldest = h.roomMessages({ ...input, before_cursor: cursors[1] });
    expect(ids(oldest)).toEqual(['m0']);
    expect(oldest).toMatchObject({ has_more_before: false, has_more_after: true });
    const between = h.roomMessages({
      ...input,
      after_cursor: cursors[2],
      before_cursor: cursors[5],
      limit: 10,
    });
    expect(ids(between)).toEqual(['m3', 'm4']);
    expect(between).toMatchObject({ has_more_before: true, has_more_after: true });
  });

  it('filters by kind, sender, recipient and thread, with the filtered total', async () => {
    const { h } = await room();
    const page = (filter: Record<string, string>, extra: Record<string, unknown> = {}) =>
      h.roomMessages(
        contract.requests.roomMessages.input.parse({ room: ROOM, limit: 2, filter, ...extra }),
      );
    const requests = page({ kind: 'request' });
    expect(ids(requests)).toEqual(['m0', 'm3']);
    expect(requests).toMatchObject({ total: 4, has_more_before: false, has_more_after: true });
    expect(ids(page({ kind: 'request' }, { after_cursor: requests.messages[1]?.cursor }))).toEqual([
      'm6',
      'm9',
    ]);
    expect(ids(page({ kind: 'request' }, { before_cursor: Number.MAX_SAFE_INTEGER }))).toEqual([
      'm6',
      'm9',
    ]);
    expect(page({ from: 'bob' }).total).toBe(5);
    expect(ids(page({ to: 'carol' }, { limit: 10 }))).toEqual(['m0', 'm4', 'm8']);
    expect(page({ thread_id: 'th1', from: 'alice' }, { limit: 10 })).toMatchObject({
      total: 3,
      has_more_after: false,
    });
    expect(page({ kind: 'decision' })).toEqual({
      messages: [],
      total: 0,
      has_more_before: false,
      has_more_after: false,
    });
  });

  it('keeps the filtered total current as the room grows', async () => {
    const { h } = await room();
    const input = contract.requests.roomMessages.input.parse({
      room: ROOM,
      limit: 1,
      filter: { kind: 'request' },
    });
    expect(h.roomMessages(input).total).toBe(4);
    f.post(f.room(), envelope('m10', { kind: 'request' }));
    await h.syncFile(f.room());
    expect(h.roomMessages(input).total).toBe(5);
  });

  it('answers an unknown room with an empty page', () => {
    f = fleet(temp());
    const h = f.open();
    expect(
      h.roomMessages(contract.requests.roomMessages.input.parse({ room: 'task/x/y' })),
    ).toEqual({
      messages: [],
      total: 0,
      has_more_before: false,
      has_more_after: false,
    });
  });

  it('satisfies the contract output schema', async () => {
    const { h } = await room();
    const out = h.roomMessages(contract.requests.roomMessages.input.parse({ room: ROOM }));
    expect(contract.requests.roomMessages.output.safeParse(out).success).toBe(true);
    expect(
      contract.requests.search.output.safeParse(h.search({ query: 'body', limit: 5 })).success,
    ).toBe(true);
  });
});
