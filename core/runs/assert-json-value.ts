import { BatonError } from '../errors.ts';

/**
 * Throw `invalid_argument` unless `value` survives a trip through JSON unchanged: null,
 * booleans, strings, finite numbers, arrays and plain objects of those. A step output that
 * would come back different on replay (a Date, a Map, NaN, a class instance, a cycle) is
 * refused before anything is written, so replaying a step always returns what it returned.
 * `undefined` is allowed at the top level (the field is omitted) and as an object property.
 *
 * @example
 * assertJsonValue('output of step "fetch"', { files: ['a.ts'] }); // ok
 * assertJsonValue('output of step "fetch"', new Date());         // throws invalid_argument
 */
export function assertJsonValue(label: string, value: unknown): void {
  if (value === undefined) return;
  const problem = findProblem(value, '$', new Set());
  if (problem) {
    throw new BatonError('invalid_argument', `${label} is not a JSON value: ${problem}`, {
      label,
    });
  }
}

function findProblem(value: unknown, at: string, seen: Set<object>): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : `${at} is ${String(value)}`;
  }
  if (typeof value !== 'object') return `${at} is a ${typeof value}`;
  if (seen.has(value)) return `${at} is a circular reference`;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (value[i] === undefined) return `${at}[${i}] is undefined`;
        const problem = findProblem(value[i], `${at}[${i}]`, seen);
        if (problem) return problem;
      }
      return;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      return `${at} is a ${name}, not a plain object`;
    }
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const problem = findProblem(item, `${at}.${key}`, seen);
      if (problem) return problem;
    }
    return;
  } finally {
    seen.delete(value);
  }
}
