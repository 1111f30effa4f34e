import { createStore, type StoreApi } from 'zustand/vanilla';

/**
 * The one ticker of the app. Every relative time ("expires in 1m 12s", "last seen 3s ago")
 * reads `now` from here, in server time (local clock + the smoothed offset), so all timers move
 * together and agree with the engine. 250 ms keeps a countdown's flip to "stale" within a
 * quarter second of the instant; components select whole seconds, so they re-render once a
 * second at most.
 */
export type TickerState = { now: number };

export type Ticker = {
  store: StoreApi<TickerState>;
  setOffset(offsetMs: number): void;
  start(): void;
  stop(): void;
  /** Server-time now, fresh (not the last tick), for actions and comparisons. */
  now(): number;
};

export const TICK_MS = 250;

export function createTicker(
  options: {
    localNow?: () => number;
    setInterval?: (fn: () => void, ms: number) => unknown;
    clearInterval?: (handle: unknown) => void;
  } = {},
): Ticker {
  const localNow = options.localNow ?? Date.now;
  const set = options.setInterval ?? ((fn, ms) => globalThis.setInterval(fn, ms));
  const clear =
    options.clearInterval ?? ((h) => globalThis.clearInterval(h as ReturnType<typeof setInterval>));
  let offset = 0;
  let handle: unknown;
  const store = createStore<TickerState>(() => ({ now: localNow() + offset }));
  const tick = () => store.setState({ now: localNow() + offset });
  return {
    store,
    setOffset(offsetMs) {
      offset = offsetMs;
      tick();
    },
    start() {
      if (handle === undefined) handle = set(tick, TICK_MS);
    },
    stop() {
      if (handle !== undefined) clear(handle);
      handle = undefined;
    },
    now: () => localNow() + offset,
  };
}
