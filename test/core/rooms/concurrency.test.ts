import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRoomRef, read, roomFile } from '../../../core/rooms/index.ts';
import { runNode } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('rooms-concurrency');
const ROOM = 'workspace/repo-a/busy';
const ref = parseRoomRef(ROOM);

describe('concurrent processes', () => {
  it('4 writers posting at once: every returned post is present exactly once, no line interleaves', async () => {
    // Three writers with small bodies, one with 150 KB bodies (large writes interleave first if
    // appends were not atomic), and a tailer following the room while they write.
    const writers = [
      ['w1', '200', '0'],
      ['w2', '200', '40'],
      ['w3', '200', '400'],
      ['w4', '15', '150000'],
    ];
    const total = writers.reduce((n, w) => n + Number(w[1]), 0);
    const tailer = runNode('test/core/rooms/fixtures/tailer.ts', [
      dir(),
      ROOM,
      String(total),
      '25000',
    ]);
    const runs = await Promise.all(
      writers.map(([name, count, pad]) =>
        runNode('test/core/rooms/fixtures/post-many.ts', [dir(), ROOM, name!, count!, pad!]),
      ),
    );
    const receipts = new Map<string, { cursor: number; offset: number }>();
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      for (const line of run.stdout.trim().split('\n')) {
        const r = JSON.parse(line) as { id: string; cursor: number; offset: number };
        receipts.set(r.id, { cursor: r.cursor, offset: r.offset });
      }
    }
    expect(receipts.size).toBe(total);

    // Every line of the file parses on its own: nothing interleaved.
    const text = fs.readFileSync(roomFile(dir(), ref), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(total);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();

    const all = read(dir(), ref);
    expect(all.diagnostics).toEqual([]);
    const counts = new Map<string, number>();
    for (const e of all.messages) {
      counts.set(e.message.id, (counts.get(e.message.id) ?? 0) + 1);
      // The receipt's cursor is where the line really is.
      expect(receipts.get(e.message.id)).toEqual({ cursor: e.cursor, offset: e.offset });
    }
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(total);
    // Each writer's own messages are in the order it posted them.
    for (const [name] of writers) {
      const mine = all.messages.filter((e) => e.message.from === name);
      const order = mine.map((e) => (e.message.data as { i: number }).i);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }

    const tail = await tailer;
    expect(tail.code).toBe(0);
    const seen = JSON.parse(tail.stdout) as {
      ids: string[];
      cursors: number[];
      diagnostics: number;
    };
    expect(seen.diagnostics).toBe(0);
    expect(seen.ids).toEqual(all.messages.map((e) => e.message.id));
    expect(seen.cursors).toEqual(all.messages.map((e) => e.cursor));
  });

  it('4 processes posting the same id at the same moment produce one line', async () => {
    const startAt = String(Date.now() + 1500);
    const runs = await Promise.all(
      ['p1', 'p2', 'p3', 'p4'].map((w) =>
        runNode('test/core/rooms/fixtures/post-same-id.ts', [dir(), ROOM, 'deploy-7', startAt, w]),
      ),
    );
    const results = runs.map((r) => {
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout) as { duplicate: boolean; cursor: number; body: string };
    });
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.cursor)).size).toBe(1);
    expect(new Set(results.map((r) => r.body)).size).toBe(1); // all got the original message
    const all = read(dir(), ref);
    expect(all.messages).toHaveLength(1);
    expect(all.messages[0]!.message.id).toBe('deploy-7');
  });
});
