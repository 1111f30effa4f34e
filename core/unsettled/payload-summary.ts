/** Longest string preview, in characters (Unicode code points, as the seed counts them). */
const PREVIEW_CHARS = 80;
/** Most object keys named before the list is cut with ",...". */
const MAX_KEYS = 6;

/**
 * A one-line description of a partial handoff's payload, as the pipeline lifecycle seed
 * writes it: `nil`, `true`, `42`, a string cut to 80 characters with `...`, `list(len=N)`,
 * or `object(keys=a,b,...)` naming at most 6 keys in sorted order (the seed's JSON objects
 * keep their keys sorted).
 *
 * @example
 * payloadSummary({ b: 1, a: 2 }); // 'object(keys=a,b)'
 * payloadSummary([1, 2, 3]);      // 'list(len=3)'
 * payloadSummary(null);           // 'nil'
 */
export function payloadSummary(payload: unknown): string {
  if (payload === null || payload === undefined) return 'nil';
  if (typeof payload === 'boolean' || typeof payload === 'number') return String(payload);
  if (typeof payload === 'string') {
    const chars = Array.from(payload);
    const preview = chars.slice(0, PREVIEW_CHARS).join('');
    return chars.length > PREVIEW_CHARS ? `${preview}...` : preview;
  }
  if (Array.isArray(payload)) return `list(len=${payload.length})`;
  if (typeof payload === 'object') {
    const keys = Object.keys(payload).sort();
    const named = keys.slice(0, MAX_KEYS).join(',');
    return keys.length > MAX_KEYS ? `object(keys=${named},...)` : `object(keys=${named})`;
  }
  // Not JSON (a function, a bigint…): never stored, but say what it is rather than crash.
  return typeof payload;
}
