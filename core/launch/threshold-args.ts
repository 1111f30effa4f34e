import { parseDuration } from '../demo/index.ts';
import { BatonError } from '../errors.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../monitor/attention/thresholds.ts';

const NAMES = Object.keys(DEFAULT_THRESHOLDS) as (keyof Thresholds)[];
const SHORT_NAMES = NAMES.map((name) => name.replace(/_ms$/, ''));

/**
 * Parse one `--threshold NAME=DURATION` of `baton monitor` into the thresholds given so far
 * (commander calls it once per occurrence). NAME is a threshold with or without its `_ms`
 * suffix (`request_unanswered`, `handoff_overdue`, `unsettled_old`, `barrier_stuck`,
 * `clock_skew`); DURATION is `90s`, `10m`, `1h` or a number of ms. Anything else is refused,
 * naming the argument and what is accepted.
 *
 * @example
 * parseThresholdArg('request_unanswered=1m', {}); // { request_unanswered_ms: 60000 }
 */
export function parseThresholdArg(
  value: string,
  previous: Partial<Thresholds> = {},
): Partial<Thresholds> {
  const at = value.indexOf('=');
  const given = at < 0 ? value : value.slice(0, at);
  const name = (given.endsWith('_ms') ? given : `${given}_ms`) as keyof Thresholds;
  if (at < 0 || !NAMES.includes(name)) {
    throw new BatonError(
      'invalid_argument',
      `--threshold must be NAME=DURATION with NAME one of ${SHORT_NAMES.join(', ')} (got ${JSON.stringify(value)})`,
    );
  }
  let ms: number;
  try {
    ms = parseDuration(value.slice(at + 1));
  } catch (error) {
    throw new BatonError('invalid_argument', `--threshold ${given}: ${(error as Error).message}`);
  }
  return { ...previous, [name]: ms };
}

/**
 * The thresholds in `BATON_THRESHOLDS` (a JSON object of threshold ms, as the desktop app reads
 * it), refused with a message naming the variable when it is not one.
 *
 * @example
 * thresholdsFromEnv('{"request_unanswered_ms":60000}'); // { request_unanswered_ms: 60000 }
 */
export function thresholdsFromEnv(text: string | undefined): Partial<Thresholds> {
  if (text === undefined || text.trim() === '') return {};
  const refuse = (why: string): never => {
    throw new BatonError('invalid_argument', `BATON_THRESHOLDS: ${why} (got ${text})`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return refuse('not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return refuse('expected an object of threshold ms, e.g. {"request_unanswered_ms":60000}');
  }
  const thresholds: Partial<Thresholds> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!NAMES.includes(key as keyof Thresholds)) {
      refuse(`unknown threshold ${JSON.stringify(key)} (known: ${NAMES.join(', ')})`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      refuse(`${key} must be a non-negative number of ms`);
    }
    thresholds[key as keyof Thresholds] = value as number;
  }
  return thresholds;
}
