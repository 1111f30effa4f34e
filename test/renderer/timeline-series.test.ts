import { describe, expect, it } from 'vitest';
import { seriesValues } from '../../renderer/src/views/timeline-series.ts';

const bucket = (t_ms: number, n: number) => ({
  t_ms,
  leases_held: n,
  agents_alive: n,
  messages: n,
  attention: n,
});

describe('timeline series', () => {
  const buckets = [bucket(0, 0), bucket(60_000, 0), bucket(120_000, 3)];

  it('leaves buckets before recording began empty (a gap), not 0', () => {
    // Recording began inside the second bucket: that bucket has data, the first does not.
    expect(seriesValues(buckets, 'leases_held', 60_000, 90_000)).toEqual([null, 0, 3]);
    expect(seriesValues(buckets, 'attention', 60_000, undefined)).toEqual([null, null, null]);
  });

  it('counts messages throughout: they come from the room files, not from watching', () => {
    expect(seriesValues(buckets, 'messages', 60_000, 90_000)).toEqual([0, 0, 3]);
    expect(seriesValues(buckets, 'messages', 120_000, undefined)).toEqual([0, 0, 1.5]);
  });
});
