import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BatonError } from '../../../core/errors.ts';
import {
  ack,
  cursorFile,
  getCursor,
  inbox,
  parseRoomRef,
  post,
  readCursor,
  send,
} from '../../../core/rooms/index.ts';
import { runNode } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('rooms-cursor');
const ROOM = 'workspace/repo-a/planning';
const ref = parseRoomRef(ROOM);

describe('ack and getCursor', () => {
  it('stores baton.cursor.v1 at <room>.consumers/<consumer>.json', () => {
    const r = post(dir(), ref, { body: 'x' });
    expect(getCursor(dir(), ref, 'b')).toBeUndefined();
    const record = ack(dir(), ref, 'b', r.cursor);
    expect(record).toMatchObject({ schema: 'baton.cursor.v1', consumer_id: 'b', cursor: r.cursor });
    const file = cursorFile(dir(), ref, 'b');
    expect(file).toBe(`${dir()}/rooms/workspace/repo-a/planning.consumers/b.json`);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(record);
    expect(getCursor(dir(), ref, 'b')).toBe(r.cursor);
  });

  it('never moves a cursor backwards', () => {
    const [a, b] = [post(dir(), ref, { body: 'a' }), post(dir(), ref, { body: 'b' })];
    ack(dir(), ref, 'c1', b.cursor);
    const kept = ack(dir(), ref, 'c1', a.cursor);
    expect(kept.cursor).toBe(b.cursor);
    expect(ack(dir(), ref, 'c1', 0).cursor).toBe(b.cursor);
    expect(getCursor(dir(), ref, 'c1')).toBe(b.cursor);
  });

  it('keeps consumers independent and never hides messages from others', () => {
    send(dir(), ref, '*', { body: 'one' });
    const two = send(dir(), ref, '*', { body: 'two' });
    ack(dir(), ref, 'b', two.cursor);
    expect(inbox(dir(), ref, { consumer_id: 'b' }).messages).toHaveLength(0);
    expect(inbox(dir(), ref, { consumer_id: 'c' }).messages.map((m) => m.body)).toEqual([
      'one',
      'two',
    ]);
    expect(getCursor(dir(), ref, 'c')).toBeUndefined();
  });

  it('refuses a cursor past the end or inside a line, and a bad consumer id', () => {
    const r = post(dir(), ref, { body: 'x' });
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as BatonError).code;
      }
      return 'ok';
    };
    expect(code(() => ack(dir(), ref, 'b', r.cursor + 1))).toBe('invalid_argument');
    expect(code(() => ack(dir(), ref, 'b', 5))).toBe('invalid_argument');
    expect(code(() => ack(dir(), ref, 'b', -1))).toBe('invalid_argument');
    expect(code(() => ack(dir(), ref, 'a b', r.cursor))).toBe('invalid_argument');
    expect(code(() => ack(dir(), ref, '../x', r.cursor))).toBe('invalid_argument');
    expect(getCursor(dir(), ref, 'b')).toBeUndefined();
    expect(code(() => ack(dir(), ref, 'b', 0))).toBe('ok');
  });

  it('reads a corrupt cursor record as no cursor, with a diagnostic, and ack repairs it', () => {
    const r = post(dir(), ref, { body: 'x' });
    ack(dir(), ref, 'b', r.cursor);
    fs.writeFileSync(cursorFile(dir(), ref, 'b'), '{not json');
    expect(getCursor(dir(), ref, 'b')).toBeUndefined();
    expect(readCursor(dir(), ref, 'b').diagnostic?.reason).toBe('malformed');
    expect(ack(dir(), ref, 'b', r.cursor).cursor).toBe(r.cursor);
    expect(readCursor(dir(), ref, 'b').diagnostic).toBeUndefined();
  });

  it('two processes acking one consumer concurrently never move it back', async () => {
    const cursors = Array.from(
      { length: 600 },
      (_, i) => post(dir(), ref, { body: `m${i}` }).cursor,
    );
    // The workers ack alternate cursors in ascending order, so nearly every ack of one overtakes
    // the other's latest: their read-compare-writes interleave constantly. (Without the guard this
    // shows dozens of regressions per run.)
    const halves = [0, 1].map((parity) => cursors.filter((_, i) => i % 2 === parity));
    const startAt = String(Date.now() + 1500); // after both workers have loaded
    const runs = await Promise.all(
      halves.map((list) =>
        runNode('test/core/rooms/fixtures/ack-race.ts', [
          dir(),
          ROOM,
          'shared',
          JSON.stringify(list),
          startAt,
        ]),
      ),
    );
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ acked: 300, regressions: 0 });
    }
    expect(getCursor(dir(), ref, 'shared')).toBe(cursors.at(-1));
  });
});
