import { BatonError } from '../../../core/errors.ts';

/**
 * The BatonError `fn` throws, for asserting on its code, message and detail. Anything else
 * thrown is rethrown, and a call that does not throw fails: a test of a refusal must never pass
 * because nothing was refused.
 *
 * @example
 * expect(thrownBatonError(() => readHandoff(dir, 'handoff-nope')).code).toBe('not_found');
 */
export function thrownBatonError(fn: () => unknown): BatonError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BatonError) return error;
    throw error;
  }
  throw new Error('expected a BatonError');
}
