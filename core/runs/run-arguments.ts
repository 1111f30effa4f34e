import { BatonError } from '../errors.ts';
import { validateName } from '../files/names.ts';

/**
 * Validate the lease id and worker id a fenced call presents. The lease id is the lease
 * token, an opaque string, so it is only required to be a non-empty string of sane length.
 *
 * @example
 * validateFenceArguments({ lease_id: 'a1b2…', worker_id: 'w1' });
 */
export function validateFenceArguments(fence: { lease_id: unknown; worker_id: unknown }): void {
  validateName('worker id', fence.worker_id);
  if (
    typeof fence.lease_id !== 'string' ||
    fence.lease_id.length === 0 ||
    fence.lease_id.length > 256
  ) {
    throw new BatonError('invalid_argument', 'lease id (the lease token) is required', {
      label: 'lease id',
    });
  }
}

/**
 * Validate an optional positive integer option (a TTL, an interval), naming it when it fails.
 *
 * @example
 * validatePositiveInt('lease_ttl_ms', 5000); // ok
 */
export function validatePositiveInt(label: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new BatonError(
      'invalid_argument',
      `${label} must be a positive integer of milliseconds (got ${JSON.stringify(value)})`,
      { label, value },
    );
  }
}

/**
 * Validate an optional free-form id (session id, workflow id) that other systems mint:
 * a non-empty string of at most 256 characters without control characters.
 *
 * @example
 * validateOptionalId('session id', 'sess:01J…'); // ok
 */
export function validateOptionalId(label: string, value: unknown): void {
  if (value === undefined) return;
  // eslint-disable-next-line no-control-regex
  if (typeof value !== 'string' || !/^[^\u0000-\u001f]{1,256}$/.test(value)) {
    throw new BatonError(
      'invalid_argument',
      `${label} must be 1-256 characters without control characters (got ${JSON.stringify(value)})`,
      { label, value },
    );
  }
}
