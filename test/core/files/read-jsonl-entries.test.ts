import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonlEntries } from '../../../core/files/read-jsonl-entries.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('jsonl-entries');
const EntrySchema = z.object({ n: z.number().int(), kind: z.string() });

function log(lines: string[]): string {
  const file = path.join(dir(), 'log.jsonl');
  fs.writeFileSync(file, lines.join(''));
  return file;
}

describe('readJsonlEntries', () => {
  it('reads valid entries with their cursors and the next cursor', () => {
    const file = log(['{"n":1,"kind":"a"}\n', '{"n":2,"kind":"b"}\n']);
    const read = readJsonlEntries(file, EntrySchema, { what: 'an entry' });
    expect(read.entries).toEqual([
      { entry: { n: 1, kind: 'a' }, cursor: 19 },
      { entry: { n: 2, kind: 'b' }, cursor: 38 },
    ]);
    expect(read.next_cursor).toBe(38);
    expect(read.diagnostics).toEqual([]);
    const later = readJsonlEntries(file, EntrySchema, { from_cursor: 19, what: 'an entry' });
    expect(later.entries.map((e) => e.entry.n)).toEqual([2]);
  });

  it('skips bad lines with diagnostics, JSON errors first', () => {
    const file = log(['{"n":"x","kind":"a"}\n', 'not json\n', '{"n":3,"kind":"c"}\n']);
    const read = readJsonlEntries(file, EntrySchema, { what: 'an entry' });
    expect(read.entries.map((e) => e.entry.n)).toEqual([3]);
    expect(read.diagnostics.map((d) => [d.offset, d.reason])).toEqual([
      [21, 'malformed'],
      [0, 'malformed'],
    ]);
    expect(read.diagnostics[1]!.message).toMatch(/^.*log\.jsonl: line at byte 0: n: .*; skipped$/);
  });

  it('filters with keep, and stops at limit with the cursor just past the last kept', () => {
    const file = log(['{"n":1,"kind":"a"}\n', '{"n":2,"kind":"b"}\n', '{"n":3,"kind":"a"}\n']);
    const kept = readJsonlEntries(file, EntrySchema, {
      keep: (e) => e.kind === 'a',
      what: 'an entry',
    });
    expect(kept.entries.map((e) => e.entry.n)).toEqual([1, 3]);
    expect(kept.next_cursor).toBe(57);
    const limited = readJsonlEntries(file, EntrySchema, { limit: 1, what: 'an entry' });
    expect(limited.entries.map((e) => e.entry.n)).toEqual([1]);
    expect(limited.next_cursor).toBe(19);
  });

  it('reads a missing log as empty', () => {
    const read = readJsonlEntries(path.join(dir(), 'none.jsonl'), EntrySchema, {
      from_cursor: 7,
      what: 'an entry',
    });
    expect(read).toEqual({ entries: [], next_cursor: 7, diagnostics: [] });
  });
});
