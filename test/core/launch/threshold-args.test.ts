import { describe, expect, it } from 'vitest';
import { parseThresholdArg, thresholdsFromEnv } from '../../../core/launch/threshold-args.ts';
import { thrownBatonError } from '../support/thrown-baton-error.ts';

describe('--threshold NAME=DURATION', () => {
  it('takes a name with or without _ms and a duration, accumulating over repeats', () => {
    const one = parseThresholdArg('request_unanswered=2m');
    expect(one).toEqual({ request_unanswered_ms: 120_000 });
    expect(parseThresholdArg('clock_skew_ms=5000', one)).toEqual({
      request_unanswered_ms: 120_000,
      clock_skew_ms: 5000,
    });
  });

  it('refuses an unknown name, a missing = and a bad duration, naming the argument', () => {
    for (const bad of ['requests=1m', 'request_unanswered', 'handoff_overdue=soon']) {
      const error = thrownBatonError(() => parseThresholdArg(bad));
      expect(error.code, bad).toBe('invalid_argument');
      expect(error.message, bad).toContain('--threshold');
    }
    expect(thrownBatonError(() => parseThresholdArg('x=1s'))?.message).toContain(
      'handoff_overdue, request_unanswered, unsettled_old, barrier_stuck, clock_skew',
    );
  });
});

describe('BATON_THRESHOLDS', () => {
  it('reads a JSON object of threshold ms; empty or unset is none', () => {
    expect(thresholdsFromEnv('{"barrier_stuck_ms":60000}')).toEqual({ barrier_stuck_ms: 60_000 });
    expect(thresholdsFromEnv(undefined)).toEqual({});
    expect(thresholdsFromEnv('  ')).toEqual({});
  });

  it('refuses what is not one, naming the variable and the reason', () => {
    for (const [text, why] of [
      ['{oops', 'not JSON'],
      ['[1]', 'expected an object'],
      ['{"soon_ms":1}', 'unknown threshold "soon_ms"'],
      ['{"clock_skew_ms":-1}', 'clock_skew_ms must be a non-negative number'],
    ] as const) {
      const error = thrownBatonError(() => thresholdsFromEnv(text));
      expect(error.code, text).toBe('invalid_argument');
      expect(error.message, text).toContain(`BATON_THRESHOLDS: ${why}`);
    }
  });
});
