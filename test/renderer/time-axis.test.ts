import { describe, expect, it } from 'vitest';
import {
  formatBucketSpan,
  formatBucketWidth,
  formatTimeTicks,
} from '../../renderer/src/format/time-axis.ts';
import { timelineBucket, timelineWindow } from '../../renderer/src/state/timeline-window.ts';

// Local wall times, so the expectations hold in any time zone.
const at = (h: number, m: number, s = 0, day = 22) => new Date(2026, 10, day, h, m, s).getTime();

describe('timeline axis: 24-hour local time, ISO-ordered dates', () => {
  it('labels ticks in 24-hour time, the date under the first tick and at each new day', () => {
    expect(formatTimeTicks([at(22, 30), at(22, 40), at(22, 50)], 600_000)).toEqual([
      '22:30\n2026-11-22',
      '22:40',
      '22:50',
    ]);
    expect(formatTimeTicks([at(23, 0), at(0, 0, 0, 23), at(1, 0, 0, 23)], 3_600_000)).toEqual([
      '23:00\n2026-11-22',
      '00:00\n2026-11-23',
      '01:00',
    ]);
  });

  it('never reads as 12-hour time', () => {
    const ticks = Array.from({ length: 24 }, (_, h) => at(h, 0));
    for (const label of formatTimeTicks(ticks, 3_600_000)) expect(label).not.toMatch(/am|pm/i);
    expect(formatTimeTicks([at(13, 5)], 300_000)[0]).toMatch(/^13:05\n/);
  });

  it('shows seconds for sub-minute steps and the date alone for day steps', () => {
    expect(formatTimeTicks([at(9, 5, 10), at(9, 5, 40)], 30_000)).toEqual([
      '09:05:10\n2026-11-22',
      '09:05:40',
    ]);
    expect(formatTimeTicks([at(0, 0), at(0, 0, 0, 23)], 86_400_000)).toEqual([
      '2026-11-22',
      '2026-11-23',
    ]);
  });

  it('reads a bucket as its span, with the date when the chart covers days', () => {
    expect(formatBucketSpan(at(22, 30), 60_000, false)).toBe('22:30–22:31');
    expect(formatBucketSpan(at(22, 30), 84 * 60_000, true)).toBe('2026-11-22 22:30–23:54');
    expect(formatBucketSpan(at(22, 30, 17), 60_000, false)).toBe('22:30:17–22:31:17');
  });

  it('names the bucket width for the caption', () => {
    expect(formatBucketWidth(60_000)).toBe('minute');
    expect(formatBucketWidth(3 * 60_000)).toBe('3m bucket');
    expect(formatBucketWidth(84 * 60_000)).toBe('1h 24m bucket');
  });
});

describe('timeline window', () => {
  it('ends at the given (server) now, rounded up to a whole bucket', () => {
    const now = 1_700_000_012_345;
    const w = timelineWindow(now, 3_600_000, 60_000);
    expect(w.to_ms).toBe(1_700_000_040_000);
    expect(w.to_ms - w.from_ms).toBe(3_600_000);
    expect(w.bucket_ms).toBe(60_000);
    expect(timelineWindow(1_700_000_040_000, 3_600_000, 60_000).to_ms).toBe(1_700_000_040_000);
  });

  it('keeps about the same buckets as before: a 120th of the range, whole minutes', () => {
    expect(timelineBucket(3_600_000)).toBe(60_000);
    expect(timelineBucket(6 * 3_600_000)).toBe(3 * 60_000);
    expect(timelineBucket(24 * 3_600_000)).toBe(12 * 60_000);
    expect(timelineBucket(7 * 24 * 3_600_000)).toBe(84 * 60_000);
  });
});
