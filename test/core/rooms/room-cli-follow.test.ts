// The consumer commands through the real `baton` binary: inbox, ack, cursor and list.
import { describe, expect, it } from 'vitest';
import { parseRoomRef, send } from '../../../core/rooms/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { batonJson } from '../support/baton-json.ts';

const dir = useTempDir('rooms-cli-follow');
const ROOM = 'workspace/repo-a/planning';
const ref = parseRoomRef(ROOM);

async function json(...args: string[]): Promise<Record<string, unknown>> {
  const r = await batonJson(dir(), 'room', ...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return r.json;
}

describe('baton room (real CLI), following', () => {
  it('inbox does not ack; ack moves the cursor; cursor and list show it', async () => {
    send(dir(), ref, 'b', { body: 'for b' });
    send(dir(), ref, '*', { body: 'for all' });
    send(dir(), ref, 'c', { body: 'for c', kind: 'request' });
    // Two rounds of CLI processes run side by side: each start costs about a second.
    const [box, before] = await Promise.all([
      json('inbox', ROOM, '--consumer', 'b', '--kind', 'status,request'),
      json('cursor', ROOM, '--consumer', 'b'),
    ]);
    expect((box.messages as Array<{ body: string }>).map((m) => m.body)).toEqual([
      'for b',
      'for all',
    ]);
    expect(box).toMatchObject({ consumer_id: 'b', from_cursor: 0, scanned: 3 });
    expect(before).toEqual({ consumer_id: 'b', cursor: null, updated_at_ms: null });
    const next = box.next_cursor as number;
    const acked = await json('ack', ROOM, '--consumer', 'b', '--cursor', String(next));
    expect(acked).toMatchObject({ schema: 'baton.cursor.v1', consumer_id: 'b', cursor: next });
    const [after, list] = await Promise.all([
      json('cursor', ROOM, '--consumer', 'b'),
      json('list'),
    ]);
    expect(after).toMatchObject({ consumer_id: 'b', cursor: next });
    expect(list.rooms).toEqual([
      expect.objectContaining({
        ref: ROOM,
        message_count: 3,
        size: next,
        consumers: [expect.objectContaining({ consumer_id: 'b', cursor: next, pending_bytes: 0 })],
      }),
    ]);
  });
});
