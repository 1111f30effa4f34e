import { describe, expect, it } from 'vitest';
import { INITIAL_CLOCK, isOffsetNotable, updateClock } from '../../renderer/src/state/clock.ts';

describe('clock offset', () => {
  it('takes the first sample whole', () => {
    expect(updateClock(INITIAL_CLOCK, 10_300, 10_000).offset_ms).toBe(300);
  });

  it('is not dragged down by a late delta (transit only ever lowers a one-way sample)', () => {
    let c = updateClock(INITIAL_CLOCK, 10_300, 10_000); // true offset 300, no delay
    c = updateClock(c, 20_300, 20_900); // the same offset seen through 900 ms of delay
    expect(c.offset_ms).toBe(300);
  });

  it('uses the midpoint of a timed request, cancelling a symmetric delay', () => {
    // Sent at 1000, received at 1400, the server said 6200 at the midpoint (1200): offset 5000.
    expect(updateClock(INITIAL_CLOCK, 6_200, 1_400, 1_000).offset_ms).toBe(5_000);
  });

  it('follows a local clock step once the older samples expire', () => {
    let c = updateClock(INITIAL_CLOCK, 10_000, 10_000); // offset 0
    c = updateClock(c, 20_000, 25_000); // this clock jumped 5 s ahead: offset -5000
    expect(c.offset_ms).toBe(0); // the recent 0 still wins...
    c = updateClock(c, 60_000, 65_000); // ...until it is older than the window
    expect(c.offset_ms).toBe(-5_000);
    c = updateClock(INITIAL_CLOCK, 10_000, 10_000);
    c = updateClock(c, 30_000, 25_000); // stepped back: a larger offset is taken at once
    expect(c.offset_ms).toBe(5_000);
  });

  it('calls offsets of two seconds or more notable', () => {
    expect(isOffsetNotable(1_999)).toBe(false);
    expect(isOffsetNotable(-2_000)).toBe(true);
  });
});
