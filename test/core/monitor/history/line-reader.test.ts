import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../../core/files/diagnostic.ts';
import { LineReader } from '../../../../core/monitor/history/line-reader.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

const temp = useTempDir('line-reader');

function open(text: string) {
  const file = path.join(temp(), 'a.jsonl');
  fs.writeFileSync(file, text);
  const fd = fs.openSync(file, 'r');
  return { file, fd, size: Buffer.byteLength(text) };
}

function readAll(reader: LineReader, batch: number) {
  const seen: Array<[unknown, number, number]> = [];
  const bad: Diagnostic[] = [];
  const batches: number[] = [];
  while (!reader.done)
    batches.push(
      reader.read(
        batch,
        (v, o, e) => seen.push([v, o, e]),
        (d) => bad.push(d),
      ),
    );
  return { seen, bad, batches };
}

describe('LineReader', () => {
  it('reads in batches with offsets and cursors, keeping its place', () => {
    const { file, fd, size } = open('{"n":1}\n{"n":2}\n{"n":3}\n');
    const out = readAll(new LineReader(file, fd, 0, size), 2);
    expect(out.seen).toEqual([
      [{ n: 1 }, 0, 8],
      [{ n: 2 }, 8, 16],
      [{ n: 3 }, 16, 24],
    ]);
    expect(out.batches).toEqual([2, 1]);
    fs.closeSync(fd);
  });

  it('stops before a torn last line and resumes from an offset', () => {
    const { file, fd, size } = open('{"n":1}\n{"n":2}\n{"n"');
    const reader = new LineReader(file, fd, 8, size);
    const out = readAll(reader, 10);
    expect(out.seen.map((s) => s[0])).toEqual([{ n: 2 }]);
    expect(reader.next).toBe(16);
    fs.closeSync(fd);
  });

  it('reports bad and over-long lines and carries on', () => {
    const long = `{"a":"${'x'.repeat(300)}"}`;
    const { file, fd, size } = open(`{"n":1}\nnope\n${long}\n\n{"n":4}\n`);
    const reader = new LineReader(file, fd, 0, size, 100);
    const out = readAll(reader, 1);
    expect(out.seen.map((s) => s[0])).toEqual([{ n: 1 }, { n: 4 }]);
    expect(out.bad.map((d) => [d.reason, d.offset])).toEqual([
      ['malformed', 8],
      ['too_large', 13],
    ]);
    expect(reader.next).toBe(size);
    fs.closeSync(fd);
  });

  it('reads lines straddling its buffer', () => {
    const lines = Array.from({ length: 5 }, (_, i) =>
      JSON.stringify({ i, pad: 'p'.repeat(700_000) }),
    );
    const { file, fd, size } = open(lines.join('\n') + '\n');
    const out = readAll(new LineReader(file, fd, 0, size), 2);
    expect(out.seen.map((s) => (s[0] as { i: number }).i)).toEqual([0, 1, 2, 3, 4]);
    expect(out.seen.at(-1)?.[2]).toBe(size);
    fs.closeSync(fd);
  });
});

describe('LineReader byte budget', () => {
  it('ends a batch once maxBytes are consumed, at a line boundary', () => {
    const { file, fd, size } = open('{"n":1}\n{"n":2}\n{"n":3}\n');
    const reader = new LineReader(file, fd, 0, size);
    const seen: unknown[] = [];
    expect(
      reader.read(
        100,
        (v) => seen.push(v),
        () => undefined,
        9,
      ),
    ).toBe(2);
    expect(reader.done).toBe(false);
    expect(
      reader.read(
        100,
        (v) => seen.push(v),
        () => undefined,
        9,
      ),
    ).toBe(1);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    fs.closeSync(fd);
  });
});
