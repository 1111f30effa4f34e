import { describe, expect, it } from 'vitest';
import { createCountSeries } from '../../../core/monitor/count-series.ts';

describe('createCountSeries', () => {
  it('answers the count at any instant from its change points, bounded in memory', () => {
    const s = createCountSeries(3);
    expect(s.at(5)).toBe(0);
    expect(s.since()).toBe(Infinity);
    s.record(10, 2);
    s.record(15, 2); // unchanged: no new point
    s.record(20, 5);
    s.record(30, 1);
    expect([s.at(9), s.at(10), s.at(19), s.at(20), s.at(29), s.at(1000)]).toEqual([
      0, 2, 2, 5, 5, 1,
    ]);
    s.record(40, 7); // over the bound: the oldest point goes
    expect(s.since()).toBe(20);
    expect(s.at(40)).toBe(7);
  });
});
