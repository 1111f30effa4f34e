import { describe, expect, it } from 'vitest';
import { foldToken, queryTerms } from '../../../../core/monitor/history/fts-query.ts';
import { snippet } from '../../../../core/monitor/history/snippet.ts';

describe('snippet', () => {
  it('marks the matched tokens of the field with most matches', () => {
    expect(snippet(['Lease conflict', 'builder-2 holds src/main.ts'], queryTerms('holds'))).toBe(
      'builder-2 «holds» src/main.ts',
    );
    expect(snippet(['Lease conflict', 'nothing here'], queryTerms('lease'))).toBe(
      '«Lease» conflict',
    );
  });

  it('cuts a window around the first match with ellipses', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    words[20] = 'needle';
    const out = snippet(['', words.join(' ')], queryTerms('needle'), 6);
    expect(out).toBe('…w18 w19 «needle» w21 w22 w23…');
  });

  it('matches prefixes, case and diacritics as FTS5 does', () => {
    expect(snippet(['', 'Café déployé, checkpointing'], queryTerms('cafe check*'))).toBe(
      '«Café» déployé, «checkpointing»',
    );
    expect(foldToken('Déployé')).toBe('deploye');
  });

  it('falls back to the start of the text when the match was elsewhere (sender, kind)', () => {
    expect(snippet(['subject line', 'body text'], queryTerms('agent'))).toBe('body text');
    expect(snippet(['', ''], queryTerms('x'))).toBe('');
  });
});
