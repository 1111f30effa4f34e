/**
 * When a condition becomes worth the operator's attention. Every field is optional in
 * `createMonitor({ thresholds })`; the defaults below apply to the rest.
 */
export interface Thresholds {
  /** A pending handoff without its own `deadline_ms` is overdue this long after it was
   *  created (default 30 minutes). One with a deadline is overdue at the deadline. */
  handoff_overdue_ms: number;
  /** A `request` message with no reply yet is flagged this long after it was posted
   *  (default 10 minutes). */
  request_unanswered_ms: number;
  /** A pipeline whose oldest unsettled item has waited this long is flagged
   *  (default 15 minutes). */
  unsettled_old_ms: number;
  /** A barrier that is still incomplete this long after its last arrival (or, while nobody
   *  has arrived, after the first declaration of whom it expects) is stuck (default 10
   *  minutes). */
  barrier_stuck_ms: number;
  /** A record time this far in the future of the monitor's clock suggests clock skew between
   *  hosts (default 30 s). */
  clock_skew_ms: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  handoff_overdue_ms: 30 * 60_000,
  request_unanswered_ms: 10 * 60_000,
  unsettled_old_ms: 15 * 60_000,
  barrier_stuck_ms: 10 * 60_000,
  clock_skew_ms: 30_000,
});

/** Every threshold's name, in the order above. */
export const THRESHOLD_NAMES = Object.keys(DEFAULT_THRESHOLDS) as (keyof Thresholds)[];

/**
 * The defaults overridden by `partial`; refuses a negative or non-finite value by naming it.
 *
 * @example
 * resolveThresholds({ request_unanswered_ms: 60_000 }).request_unanswered_ms; // 60000
 */
export function resolveThresholds(partial: Partial<Thresholds> = {}): Thresholds {
  const resolved: Thresholds = { ...DEFAULT_THRESHOLDS };
  for (const key of THRESHOLD_NAMES) {
    const value = partial[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(
        `thresholds.${key} must be a non-negative number of ms (got ${String(value)})`,
      );
    }
    resolved[key] = value;
  }
  return resolved;
}

/**
 * Read `BATON_THRESHOLDS` (a JSON object of threshold ms): the usable thresholds, and what is
 * wrong with the rest, in order. The CLI refuses on the first problem
 * (core/launch/threshold-args.ts); the desktop app, started without a terminal, keeps what it
 * can use.
 *
 * @example
 * readThresholdsJson('{"barrier_stuck_ms":60000,"soon_ms":1}');
 * // { thresholds: { barrier_stuck_ms: 60000 }, problems: ['unknown threshold "soon_ms" (known: ...)'] }
 */
export function readThresholdsJson(text: string | undefined): {
  thresholds: Partial<Thresholds>;
  problems: string[];
} {
  const thresholds: Partial<Thresholds> = {};
  if (text === undefined || text.trim() === '') return { thresholds, problems: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { thresholds, problems: ['not JSON'] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      thresholds,
      problems: ['expected an object of threshold ms, e.g. {"request_unanswered_ms":60000}'],
    };
  }
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!THRESHOLD_NAMES.includes(key as keyof Thresholds)) {
      problems.push(
        `unknown threshold ${JSON.stringify(key)} (known: ${THRESHOLD_NAMES.join(', ')})`,
      );
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      problems.push(`${key} must be a non-negative number of ms`);
    } else {
      thresholds[key as keyof Thresholds] = value;
    }
  }
  return { thresholds, problems };
}
