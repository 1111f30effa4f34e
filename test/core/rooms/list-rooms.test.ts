import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ack, listRooms, parseRoomRef, post, roomFile } from '../../../core/rooms/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('rooms-list');

describe('listRooms', () => {
  it('lists every room with size, count, consumers and their cursors', () => {
    const planning = parseRoomRef('workspace/repo-a/planning');
    const feed = parseRoomRef('task/t-1/feed');
    const a = post(dir(), planning, { body: 'a' });
    const b = post(dir(), planning, { body: 'b' });
    post(dir(), feed, { body: 'x', id: 'explicit' }); // also creates feed.ids/
    ack(dir(), planning, 'builder', a.cursor);
    ack(dir(), planning, 'reviewer', b.cursor);
    const { rooms, diagnostics } = listRooms(dir(), { count: true });
    expect(diagnostics).toEqual([]);
    expect(rooms.map((r) => r.ref)).toEqual(['task/t-1/feed', 'workspace/repo-a/planning']);
    const p = rooms[1]!;
    expect(p).toMatchObject({
      scope: 'workspace',
      scope_id: 'repo-a',
      room: 'planning',
      file: roomFile(dir(), planning),
      size: b.cursor,
      message_count: 2,
    });
    expect(p.updated_at_ms).toBeGreaterThan(0);
    expect(p.consumers).toEqual([
      expect.objectContaining({
        consumer_id: 'builder',
        cursor: a.cursor,
        pending_bytes: b.cursor - a.cursor,
      }),
      expect.objectContaining({ consumer_id: 'reviewer', cursor: b.cursor, pending_bytes: 0 }),
    ]);
    expect(rooms[0]!.consumers).toEqual([]);
  });

  it('counts only when asked, and an empty directory lists nothing', () => {
    expect(listRooms(dir())).toEqual({ rooms: [], diagnostics: [] });
    post(dir(), parseRoomRef('session/s/r'), { body: 'a' });
    expect(listRooms(dir()).rooms[0]!.message_count).toBeUndefined();
  });

  it('reports stray entries and bad cursor records as diagnostics, never throws', () => {
    const ref = parseRoomRef('workspace/repo-a/planning');
    const r = post(dir(), ref, { body: 'a' });
    ack(dir(), ref, 'good', r.cursor);
    const roomsDir = path.join(dir(), 'rooms');
    fs.mkdirSync(path.join(roomsDir, 'galaxy/x'), { recursive: true });
    fs.writeFileSync(path.join(roomsDir, 'workspace/repo-a/notes.txt'), 'hi');
    fs.writeFileSync(path.join(roomsDir, 'workspace/repo-a/planning.consumers/bad.json'), '{');
    const { rooms, diagnostics } = listRooms(dir(), { count: true });
    expect(rooms).toHaveLength(1);
    expect(rooms[0]!.consumers.map((c) => c.consumer_id)).toEqual(['good']);
    expect(diagnostics.map((d) => d.reason).sort()).toEqual([
      'malformed',
      'unsupported',
      'unsupported',
    ]);
  });
});
