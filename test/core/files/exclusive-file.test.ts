import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAtomicTemp } from '../../../core/files/atomic-write.ts';
import { createFileExclusive, writeJsonExclusive } from '../../../core/files/exclusive-file.ts';
import { runNode } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('exclusive-file');

describe('createFileExclusive', () => {
  it('creates the file with its content and leaves no temporary', () => {
    const file = path.join(dir(), 'claim.json');
    expect(createFileExclusive(file, '{"a":1}')).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"a":1}');
    expect(fs.readdirSync(dir())).toEqual(['claim.json']);
  });

  it('returns false and keeps the first content when the name is taken', () => {
    const file = path.join(dir(), 'claim.json');
    expect(createFileExclusive(file, 'first')).toBe(true);
    expect(createFileExclusive(file, 'second')).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe('first');
    expect(fs.readdirSync(dir())).toEqual(['claim.json']);
  });

  it('creates missing parent directories only when asked', () => {
    const file = path.join(dir(), 'a', 'b', 'claim.json');
    expect(() => createFileExclusive(file, 'x')).toThrow(/ENOENT/);
    expect(createFileExclusive(file, 'x', { mkdir: true })).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  it('throws errors other than EEXIST and leaves no temporary', () => {
    const file = path.join(dir(), 'taken-by-a-dir');
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'inside'), '');
    // link() onto an existing directory fails with EEXIST: taken, not an error.
    expect(createFileExclusive(file, 'x')).toBe(false);
    const notADir = path.join(dir(), 'plain');
    fs.writeFileSync(notADir, '');
    expect(() => createFileExclusive(path.join(notADir, 'child'), 'x')).toThrow(/ENOTDIR/);
    expect(fs.readdirSync(dir()).filter(isAtomicTemp)).toEqual([]);
  });

  it('among racing processes exactly one wins and the file is never seen partial', async () => {
    const file = path.join(dir(), 'race.txt');
    const bytes = 256 * 1024;
    const writers = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'];
    const startAt = Date.now() + 1_500;
    const seen: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        try {
          seen.push(fs.readFileSync(file, 'utf8'));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const results = await Promise.all(
      writers.map((w) =>
        runNode('test/core/files/fixtures/create-exclusive.ts', [
          file,
          w,
          String(startAt),
          String(bytes),
        ]),
      ),
    );
    watching = false;
    await watcher;
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const won = results.map((r) => (JSON.parse(r.stdout) as { won: boolean }).won);
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = writers[won.indexOf(true)]!;
    const final = fs.readFileSync(file, 'utf8');
    expect(final.length).toBe(bytes);
    expect(final.startsWith(`${winner}\n`)).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    for (const text of seen) expect(text).toBe(final);
    expect(fs.readdirSync(dir())).toEqual(['race.txt']);
  });
});

describe('writeJsonExclusive', () => {
  it('writes pretty JSON with a trailing newline, first writer wins', () => {
    const file = path.join(dir(), 'h1.decision.json');
    expect(writeJsonExclusive(file, { by: 'a' })).toBe(true);
    expect(writeJsonExclusive(file, { by: 'b' })).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe('{\n  "by": "a"\n}\n');
  });
});
