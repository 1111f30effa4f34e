import { parseDuration } from '../demo/index.ts';
import { BatonError } from '../errors.ts';
import {
  readThresholdsJson,
  THRESHOLD_NAMES,
  type Thresholds,
} from '../monitor/attention/thresholds.ts';

const SHORT_NAMES = THRESHOLD_NAMES.map((name) => name.replace(/_ms$/, ''));

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
  if (at < 0 || !THRESHOLD_NAMES.includes(name)) {
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
  const { thresholds, problems } = readThresholdsJson(text);
  const [first] = problems;
  if (first !== undefined) {
    throw new BatonError('invalid_argument', `BATON_THRESHOLDS: ${first} (got ${text})`);
  }
  return thresholds;
}
