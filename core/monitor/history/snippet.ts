import { foldToken, TOKEN_PATTERN, type QueryTerm } from './fts-query.ts';

/** Markers around matched terms in a hit's snippet (plain text: the UI styles them). */
export const SNIPPET_OPEN = '«';
export const SNIPPET_CLOSE = '»';
const ELLIPSIS = '…';

/**
 * A short extract of a message around the terms it matched, the way FTS5's snippet() cuts one
 * (the FTS file is contentless, so the text comes from the room line): the field with the most
 * matches (body on a tie), a window of `maxTokens` tokens starting just before the first
 * match, matches between {@link SNIPPET_OPEN} and {@link SNIPPET_CLOSE}, `…` where cut.
 * Tokens compare folded (case and diacritics), prefix terms by prefix.
 *
 * @example
 * snippet(['Lease conflict', 'builder-2 holds src/main.ts'], [{ text: 'holds', prefix: false }]);
 * // 'builder-2 «holds» src/main.ts'
 */
export function snippet(
  fields: readonly string[],
  terms: readonly QueryTerm[],
  maxTokens = 16,
): string {
  const folded = terms.map((t) => ({ text: foldToken(t.text), prefix: t.prefix }));
  const matches = (token: string): boolean => {
    const f = foldToken(token);
    return folded.some((t) => (t.prefix ? f.startsWith(t.text) : f === t.text));
  };
  let best:
    | { text: string; tokens: Array<{ at: number; end: number; hit: boolean }>; hits: number }
    | undefined;
  // Later fields win ties: with [subject, body], the body is the more telling extract.
  for (const text of fields) {
    const tokens = [...text.matchAll(TOKEN_PATTERN)].map((m) => ({
      at: m.index,
      end: m.index + m[0].length,
      hit: matches(m[0]),
    }));
    const hits = tokens.filter((t) => t.hit).length;
    if (!best || hits >= best.hits) best = { text, tokens, hits };
  }
  if (!best || best.tokens.length === 0)
    return fields.find((f) => f.length > 0)?.slice(0, 200) ?? '';
  const first = Math.max(
    0,
    best.tokens.findIndex((t) => t.hit),
  );
  const start = Math.max(0, Math.min(first - 2, best.tokens.length - maxTokens));
  const end = Math.min(best.tokens.length, start + maxTokens);
  const window = best.tokens.slice(start, end);
  let out = start > 0 ? ELLIPSIS : '';
  let at = start > 0 ? (window[0]?.at ?? 0) : 0;
  for (const t of window) {
    out += best.text.slice(at, t.at);
    const word = best.text.slice(t.at, t.end);
    out += t.hit ? `${SNIPPET_OPEN}${word}${SNIPPET_CLOSE}` : word;
    at = t.end;
  }
  if (end < best.tokens.length) out += ELLIPSIS;
  else out += best.text.slice(at);
  return out;
}
