/**
 * Structural equality of two JSON values, the way they compare once written to disk: object key
 * order does not matter and object properties holding `undefined` count as absent (JSON drops
 * them). Used to decide whether a step committed again is the same checkpoint.
 *
 * @example
 * jsonEqual({ a: 1, b: [2] }, { b: [2], a: 1 }); // true
 * jsonEqual({ a: 1 }, { a: 1, b: undefined });   // true
 * jsonEqual([1, 2], [2, 1]);                     // false
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  const left = definedEntries(a as Record<string, unknown>);
  const right = new Map(definedEntries(b as Record<string, unknown>));
  if (left.length !== right.size) return false;
  return left.every(([key, value]) => right.has(key) && jsonEqual(value, right.get(key)));
}

function definedEntries(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}
