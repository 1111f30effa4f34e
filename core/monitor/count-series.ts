/** A count over time: what it was at any instant since the series began (bounded memory). */
export interface CountSeries {
  /** Note the count at time `t` (ignored when unchanged; `t` never goes back). */
  record(t: number, count: number): void;
  /** The count at `t`: the last recorded at or before it (0 before the first). */
  at(t: number): number;
  /** When the series begins (Infinity while empty): before it, `at` knows nothing. */
  since(): number;
}

/**
 * A step function of time kept as change points, at most `max` of them (the oldest dropped),
 * answered by binary search. The engine keeps the attention count this way so the timeline can
 * show attention per bucket for the time this process has been watching.
 *
 * @example
 * const s = createCountSeries(); s.record(1000, 3); s.record(2000, 1);
 * s.at(1500); // 3
 */
export function createCountSeries(max = 20_000): CountSeries {
  const times: number[] = [];
  const counts: number[] = [];
  return {
    record(t, count) {
      if (counts.length > 0 && counts[counts.length - 1] === count) return;
      const last = times[times.length - 1];
      if (last !== undefined && t <= last) {
        counts[counts.length - 1] = count; // same instant (or a clock step back): replace
        return;
      }
      times.push(t);
      counts.push(count);
      if (times.length > max) {
        times.splice(0, times.length - max);
        counts.splice(0, counts.length - max);
      }
    },
    at(t) {
      let lo = 0;
      let hi = times.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (times[mid]! <= t) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found < 0 ? 0 : counts[found]!;
    },
    since() {
      return times[0] ?? Infinity;
    },
  };
}
