import { describe, expect, it } from 'vitest';
import type { Delta } from '../../../core/api/views.ts';
import { createDeltaBatcher } from '../../../core/monitor/delta-batcher.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createDeltaBatcher', () => {
  it('batches a window of changes into one delta, last change of a key winning, seq +1 each', async () => {
    const deltas: Delta[] = [];
    const b = createDeltaBatcher({ emit: (d) => deltas.push(d), flushMs: 10 });
    b.upsert('lease', 'a', { v: 1 });
    b.upsert('lease', 'a', { v: 2 });
    b.upsert('agent', 'x', { v: 1 });
    b.upsert('agent', 'gone', { v: 1 });
    b.remove('agent', 'gone');
    await sleep(40);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.seq).toBe(1);
    expect(deltas[0]!.changes).toEqual([
      { op: 'upsert', entity: 'lease', key: 'a', value: { v: 2 } },
      { op: 'upsert', entity: 'agent', key: 'x', value: { v: 1 } },
      { op: 'remove', entity: 'agent', key: 'gone' },
    ]);
    b.remove('lease', 'a');
    b.flush();
    b.flush(); // nothing pending: no empty delta
    expect(deltas.map((d) => d.seq)).toEqual([1, 2]);
    expect(b.seq).toBe(2);
    b.close();
  });

  it('sends a status change even without entity changes, and discard drops the pending batch', async () => {
    const deltas: Delta[] = [];
    const b = createDeltaBatcher({ emit: (d) => deltas.push(d), flushMs: 5 });
    b.upsert('room', 'r', {});
    b.discard();
    const status = {
      state: 'ready' as const,
      dir: '/d',
      watching: 'events' as const,
      indexing: { done_bytes: 0, total_bytes: 0, complete: true },
    };
    b.status(status);
    await sleep(30);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]).toMatchObject({ seq: 1, changes: [], status });
    b.close();
  });
});
