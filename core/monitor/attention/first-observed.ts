/**
 * When the engine first saw a condition that no record dates. A clock running ahead is the
 * case: every heartbeat rewrites the record, so none of its times says since when. Rules are
 * pure functions of their context; the memo is the one piece of state they share across passes,
 * owned by the monitor's attention pass (attention-pass.ts) and handed to them in the context.
 * A restarted monitor starts over: "first observed" is as far as this engine has seen.
 */
export interface ObservedMemo {
  /** Since when `key` has been observed without a break: `now` the first time, then stable. */
  since(key: string, now: number): number;
  /** The condition `key` cleared: a recurrence counts from then. */
  forget(key: string): void;
}

/**
 * A fresh memo, one per monitor.
 *
 * @example
 * const observed = createObservedMemo();
 * observed.since('clock_skew:agent:a1', now); // the first pass's now, then the same
 */
export function createObservedMemo(): ObservedMemo {
  const first = new Map<string, number>();
  return {
    since(key, now) {
      const seen = first.get(key);
      if (seen !== undefined && seen <= now) return seen;
      first.set(key, now);
      return now;
    },
    forget(key) {
      first.delete(key);
    },
  };
}
