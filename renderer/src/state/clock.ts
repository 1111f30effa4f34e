/**
 * The server's clock as seen from here: offset = server time - local time. Every countdown runs
 * on local time + offset, so "expires in 12s" agrees with the engine even when this machine's
 * clock is off (or the UI runs on a laptop tunnelled to a server).
 *
 * A sample taken from a pushed delta is late by its transit time, so it under-estimates the
 * offset by that much (never over-estimates): the estimate is the LARGEST recent sample. A reply
 * to a request is timed both ways and uses the midpoint of send and receipt, which cancels a
 * symmetric delay. Samples expire after a while, so a local clock step is followed.
 */
export type ClockSample = { offset_ms: number; at_ms: number };

export type ClockState = {
  offset_ms: number;
  samples: number;
  recent: readonly ClockSample[];
};

export const INITIAL_CLOCK: ClockState = { offset_ms: 0, samples: 0, recent: [] };

const WINDOW_SAMPLES = 16;
const WINDOW_MS = 30_000;

export function updateClock(
  clock: ClockState,
  serverTimeMs: number,
  localReceiptMs: number,
  localSentMs?: number,
): ClockState {
  const local = localSentMs === undefined ? localReceiptMs : (localSentMs + localReceiptMs) / 2;
  const sample: ClockSample = { offset_ms: serverTimeMs - local, at_ms: localReceiptMs };
  const recent = [...clock.recent, sample]
    .filter((s) => localReceiptMs - s.at_ms <= WINDOW_MS && s.at_ms <= localReceiptMs)
    .slice(-WINDOW_SAMPLES);
  const offset = recent.reduce((max, s) => Math.max(max, s.offset_ms), -Infinity);
  return { offset_ms: offset, samples: clock.samples + 1, recent };
}

/** An offset the operator should know about (countdowns still correct, but logs will disagree). */
export function isOffsetNotable(offsetMs: number): boolean {
  return Math.abs(offsetMs) >= 2_000;
}
