import { describe, expect, it } from 'vitest';
import { createDeadlineScheduler } from '../../../core/monitor/deadline-scheduler.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createDeadlineScheduler', () => {
  it('fires each subject once at its deadline, earliest first, after replacements and cancels', async () => {
    const fired: Array<[string, number]> = [];
    const start = Date.now();
    const s = createDeadlineScheduler({
      onDue: (subjects) => subjects.forEach((x) => fired.push([x, Date.now() - start])),
    });
    s.set('late', start + 120);
    s.set('early', start + 30);
    s.set('moved', start + 10);
    s.set('moved', start + 80); // replaced: must not fire at 10
    s.set('cancelled', start + 40);
    s.set('cancelled', undefined);
    expect(s.size).toBe(3);
    await sleep(200);
    expect(fired.map(([x]) => x)).toEqual(['early', 'moved', 'late']);
    expect(fired[0]![1]).toBeGreaterThanOrEqual(30);
    expect(fired[1]![1]).toBeGreaterThanOrEqual(80);
    expect(s.size).toBe(0);
    s.close();
  });

  it('fires a deadline already in the past at once and stays quiet with nothing scheduled', async () => {
    const fired: string[] = [];
    const s = createDeadlineScheduler({ onDue: (subjects) => fired.push(...subjects) });
    s.set('past', Date.now() - 1000);
    await sleep(20);
    expect(fired).toEqual(['past']);
    s.close();
    s.set('after-close', Date.now());
    await sleep(20);
    expect(fired).toEqual(['past']);
  });

  it('keeps its heap bounded under constant rescheduling of many subjects', async () => {
    let count = 0;
    const s = createDeadlineScheduler({ onDue: (subjects) => (count += subjects.length) });
    const base = Date.now() + 60_000;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 1000; i++) s.set(`s${i}`, base + round * 1000 + i);
    }
    expect(s.size).toBe(1000);
    expect(s.get('s5')).toBe(base + 49 * 1000 + 5);
    s.close();
    expect(count).toBe(0);
  });
});
