import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initDirectory } from '../../../core/root.ts';
import { actor, assertContinuous, openMonitor, type Harness } from './monitor-harness.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('monitor-burst');
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('a burst of appends', () => {
  it('ends with every one of 1,000 rapid appends from another process in the model', async () => {
    const dir = tempDir();
    initDirectory(dir);
    await actor(dir, [{ op: 'post', room: 'task/t1/plan', body: 'first', from: 'a1' }]);
    harness = await openMonitor(dir);
    const start = await harness.until(
      (s) => s.rooms[0]?.message_count === 1,
      5000,
      'first message indexed',
    );
    await actor(dir, [{ op: 'burst', room: 'task/t1/plan', count: 1000, from: 'a1' }]);
    const size = fs.statSync(path.join(dir, 'rooms/task/t1/plan.jsonl')).size;
    // No file event is sent after the burst: what the model ends with came from the burst itself.
    const end = await harness.until(
      (s) => s.rooms[0]?.size_bytes === size && s.rooms[0]?.message_count === 1001,
      5000,
      'the whole burst in the model',
    );
    expect(end.rooms[0]?.last_message?.subject).toBe('burst 999');
    expect(end.rooms[0]?.kinds).toEqual({ status: 1001 });
    assertContinuous(harness.deltas, start.seq);
    // The last delta carrying the room shows its final state (nothing lost at the tail).
    const lastRoom = harness.deltas
      .flatMap((d) => d.changes)
      .filter((c) => c.entity === 'room')
      .at(-1);
    expect((lastRoom as { value: { size_bytes: number } }).value.size_bytes).toBe(size);
  });
});
