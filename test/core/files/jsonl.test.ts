import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendJsonLine,
  MAX_RECORD_BYTES,
  readJsonLines,
  scanJsonLines,
} from '../../../core/files/jsonl.ts';
import { BatonError } from '../../../core/errors.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-jsonl-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('appendJsonLine', () => {
  it('returns the byte offset and cursor of the line it wrote', () => {
    const file = path.join(dir, 'a.jsonl');
    const first = appendJsonLine(file, { n: 1 });
    const second = appendJsonLine(file, { n: 2 });
    expect(first).toEqual({ offset: 0, cursor: 8, bytes: 8 });
    expect(second.offset).toBe(8);
    expect(fs.readFileSync(file, 'utf8').slice(second.offset, second.cursor)).toBe('{"n":2}\n');
  });

  it('refuses a record over 1 MiB and writes nothing', () => {
    const file = path.join(dir, 'big.jsonl');
    expect(() => appendJsonLine(file, { body: 'x'.repeat(MAX_RECORD_BYTES) })).toThrow(BatonError);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('scanJsonLines', () => {
  it('treats a torn last line as not yet written and resumes from it', () => {
    const file = path.join(dir, 'torn.jsonl');
    fs.writeFileSync(file, '{"n":1}\n{"n":');
    const first = readJsonLines(file, 0);
    expect(first.entries.map((e) => e.value)).toEqual([{ n: 1 }]);
    expect(first.next).toBe(8);
    fs.appendFileSync(file, '2}\n');
    const second = readJsonLines(file, first.next);
    expect(second.entries.map((e) => e.value)).toEqual([{ n: 2 }]);
    expect(second.diagnostics).toEqual([]);
  });

  it('reports a corrupt line with its offset and keeps every other line', () => {
    const file = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(file, '{"n":1}\nnot json\n{"n":3}\n');
    const read = readJsonLines(file, 0);
    expect(read.entries.map((e) => e.value)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(read.diagnostics).toHaveLength(1);
    expect(read.diagnostics[0]).toMatchObject({ path: file, offset: 8, reason: 'malformed' });
  });

  it('parses lines that straddle the read buffer and stops early when asked', () => {
    const file = path.join(dir, 'long.jsonl');
    const body = 'y'.repeat(700_000);
    for (let i = 0; i < 4; i++) appendJsonLine(file, { i, body });
    const seen: number[] = [];
    const result = scanJsonLines(file, 0, (line) => {
      seen.push((line.value as { i: number }).i);
      return seen.length < 3;
    });
    expect(seen).toEqual([0, 1, 2]);
    const rest = readJsonLines(file, result.next);
    expect(rest.entries.map((e) => (e.value as { i: number }).i)).toEqual([3]);
  });

  it('skips a line over the limit with a diagnostic', () => {
    const file = path.join(dir, 'huge.jsonl');
    fs.writeFileSync(file, `{"a":"${'z'.repeat(MAX_RECORD_BYTES + 10)}"}\n{"n":2}\n`);
    const read = readJsonLines(file, 0);
    expect(read.entries.map((e) => e.value)).toEqual([{ n: 2 }]);
    expect(read.diagnostics[0]?.reason).toBe('too_large');
  });

  it('reads a missing file as empty', () => {
    expect(readJsonLines(path.join(dir, 'none.jsonl'), 0)).toMatchObject({ entries: [], next: 0 });
  });
});
