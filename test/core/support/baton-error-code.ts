import { BatonError } from '../../../core/errors.ts';

/**
 * The code of the BatonError `fn` throws, or `undefined` when it does not throw, so one
 * `expect(…).toBe(code)` checks both that the call was refused and why. Anything else thrown
 * comes back as text that can never equal a code, and the failure shows it.
 *
 * @example
 * expect(batonErrorCode(() => renewLease(dir, 'a', 'lease-x'))).toBe('not_holder');
 */
export function batonErrorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof BatonError ? error.code : `not a BatonError: ${String(error)}`;
  }
  return undefined;
}
