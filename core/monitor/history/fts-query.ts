/** At most this many terms reach FTS5 (a pasted paragraph must not become a huge query). */
const MAX_TERMS = 32;

/** Runs of what FTS5's unicode61 tokenizer keeps as token characters. */
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

/** One term of an operator's query. */
export interface QueryTerm {
  text: string;
  prefix: boolean;
}

/**
 * The terms of what an operator typed: every run of letters and digits (a token for FTS5's
 * unicode61 tokenizer), a word ending in `*` making its last term a prefix. Everything else,
 * quotes, parentheses, operators, column filters, is a separator.
 *
 * @example
 * queryTerms('lease-conf*'); // [{ text: 'lease', prefix: false }, { text: 'conf', prefix: true }]
 */
export function queryTerms(input: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const word of input.split(/\s+/)) {
    const parts = word.match(TOKEN);
    if (!parts) continue;
    const prefix = word.endsWith('*');
    parts.forEach((part, i) =>
      terms.push({ text: part, prefix: prefix && i === parts.length - 1 }),
    );
  }
  return terms.slice(0, MAX_TERMS);
}

/**
 * Turn what an operator typed into an FTS5 query that can never be a syntax error: every term
 * of {@link queryTerms} quoted, all required (AND). `AND`/`OR`/`NOT` are taken as words.
 * Returns undefined when nothing searchable remains (e.g. `"*("`).
 *
 * @example
 * ftsQuery('lease-conflict (src/main.ts');  // '"lease" "conflict" "src" "main" "ts"'
 * ftsQuery('check*');                      // '"check"*'
 * ftsQuery('"(*');                         // undefined
 */
export function ftsQuery(input: string): string | undefined {
  const terms = queryTerms(input);
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t.text}"${t.prefix ? '*' : ''}`).join(' ');
}

/**
 * Fold a token as unicode61 does by default: lower case, diacritics removed.
 *
 * @example
 * foldToken('Déployé'); // 'deploye'
 */
export function foldToken(token: string): string {
  return token
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

export { TOKEN as TOKEN_PATTERN };
