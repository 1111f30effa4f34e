import { BatonError } from '../errors.ts';
import type { Address } from './message-schema.ts';

/** The address every consumer's inbox also receives. */
export const BROADCAST = '*';

/** The id fields of an actor object, in the order the seed tries them. */
export const ACTOR_ID_FIELDS = [
  'session_id',
  'root_session_id',
  'agent',
  'worker_id',
  'run_id',
  'task_id',
  'root_task_id',
] as const;

/**
 * The identifier an address stands for: the string itself, or the first id field an actor
 * object carries (session_id, root_session_id, agent, worker_id, run_id, task_id, root_task_id).
 *
 * @example
 * addressIdentifier('builder-1');                 // 'builder-1'
 * addressIdentifier({ agent: 'x', run_id: 'r1' }); // 'x'
 */
export function addressIdentifier(address: Address | undefined): string | undefined {
  if (typeof address === 'string') return address;
  if (address && typeof address === 'object') {
    for (const field of ACTOR_ID_FIELDS) {
      const value = address[field];
      if (typeof value === 'string' && value.trim() !== '') return value;
    }
  }
  return undefined;
}

/**
 * Does `address` (a message's `to` or `from`) match `expected`? As the seed: an empty expectation
 * matches everything; a string address must equal it (trimmed); an actor object matches when any
 * of its id fields equals it. With `broadcast` (used for `to`), a message addressed to `*` matches
 * every expectation.
 *
 * @example
 * addressMatches('b', 'b');                                // true
 * addressMatches({ worker_id: 'w1' }, 'w1');                // true
 * addressMatches('*', 'anyone', { broadcast: true });       // true
 */
export function addressMatches(
  address: unknown,
  expected: Address | undefined,
  options: { broadcast?: boolean } = {},
): boolean {
  const needle = (addressIdentifier(expected) ?? '').trim();
  if (needle === '') return true;
  if (typeof address === 'string') {
    const value = address.trim();
    return value === needle || (options.broadcast === true && value === BROADCAST);
  }
  if (address && typeof address === 'object') {
    const actor = address as Record<string, unknown>;
    return ACTOR_ID_FIELDS.some((field) => {
      const value = actor[field];
      return typeof value === 'string' && value.trim() === needle;
    });
  }
  return false;
}

/**
 * Validate an address given by a caller: a string of 1-256 characters without whitespace (an
 * agent id, `*`, `user@host`), or an actor object whose id fields are strings.
 *
 * @example
 * validateAddress('to', 'builder-1'); // 'builder-1'
 * validateAddress('to', 'a b');       // throws invalid_argument
 */
export function validateAddress(label: string, value: unknown): Address {
  if (typeof value === 'string') {
    if (value.length === 0 || value.length > 256 || /\s/.test(value)) {
      throw new BatonError(
        'invalid_argument',
        `${label} ${JSON.stringify(value)} must be 1-256 characters without whitespace`,
        { label, value },
      );
    }
    return value;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const actor = value as Record<string, unknown>;
    for (const field of ACTOR_ID_FIELDS) {
      if (actor[field] !== undefined && typeof actor[field] !== 'string') {
        throw new BatonError('invalid_argument', `${label}.${field} must be a string`, {
          label,
        });
      }
    }
    if (addressIdentifier(actor) === undefined) {
      throw new BatonError(
        'invalid_argument',
        `${label} must name at least one of ${ACTOR_ID_FIELDS.join(', ')}`,
        { label },
      );
    }
    return actor as Address;
  }
  throw new BatonError('invalid_argument', `${label} must be an agent id or an actor object`, {
    label,
  });
}
