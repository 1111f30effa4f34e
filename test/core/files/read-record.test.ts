import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readRecord } from '../../../core/files/read-record.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('read-record');
const Schema = z.looseObject({ schema: z.literal('t.v1'), text: z.string() });

function write(name: string, value: unknown): string {
  const file = path.join(dir(), name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('readRecord', () => {
  it('a missing file is absent; a symbolic link to nowhere is unreadable, naming its target', () => {
    expect(readRecord(path.join(dir(), 'none.json'), Schema, 't.v1')).toEqual({
      ok: false,
      absent: true,
    });
    const link = path.join(dir(), 'link.json');
    fs.symlinkSync(path.join(dir(), 'gone.json'), link);
    const read = readRecord(link, Schema, 't.v1');
    expect(read).toMatchObject({ ok: false, absent: false, diagnostic: { reason: 'unreadable' } });
    expect(!read.ok && !read.absent && read.diagnostic.message).toBe(
      `${link}: a symbolic link to ${path.join(dir(), 'gone.json')}, which does not exist`,
    );
  });

  it('reads and validates a record, with its mtime unless told not to', () => {
    const file = write('a.json', { schema: 't.v1', text: 'hi' });
    const withTime = readRecord(file, Schema, 't.v1');
    expect(withTime).toMatchObject({ ok: true, value: { text: 'hi' } });
    expect(withTime.ok && withTime.mtimeMs).toBe(fs.statSync(file).mtimeMs);
    expect(readRecord(file, Schema, 't.v1', { mtime: false })).toEqual({
      ok: true,
      value: { schema: 't.v1', text: 'hi' },
      mtimeMs: 0,
    });
  });

  it('reads records of any size whole, a character split across reads included', () => {
    const head = Buffer.byteLength('{"schema":"t.v1","text":"');
    const chunk = 16 * 1024;
    // Total sizes: one read, exactly one chunk, one byte over; and a 2-byte character that
    // starts on the last byte of the first chunk.
    const texts = [100, chunk - 1, chunk, chunk + 1].map((total) => 'a'.repeat(total - head - 2));
    texts.push('a'.repeat(chunk - 1 - head) + 'é'.repeat(20_000));
    for (const [i, text] of texts.entries()) {
      const file = write(`big-${i}.json`, { schema: 't.v1', text });
      const read = readRecord(file, Schema, 't.v1', { mtime: false });
      expect(read.ok && read.value.text).toBe(text);
    }
    expect(fs.statSync(path.join(dir(), 'big-2.json')).size).toBe(chunk);
  });

  it('is absent for a missing file or a missing parent, a diagnostic otherwise', () => {
    expect(readRecord(path.join(dir(), 'none.json'), Schema, 't.v1')).toEqual({
      ok: false,
      absent: true,
    });
    const file = write('plain', 'x');
    expect(readRecord(path.join(file, 'below.json'), Schema, 't.v1')).toEqual({
      ok: false,
      absent: true,
    });
    expect(readRecord(file, Schema, 't.v1')).toMatchObject({
      ok: false,
      absent: false,
      diagnostic: { reason: 'malformed' },
    });
    expect(readRecord(dir(), Schema, 't.v1', { mtime: false })).toMatchObject({
      ok: false,
      absent: false,
      diagnostic: { reason: 'unreadable' },
    });
    expect(readRecord(write('other.json', { schema: 't.v2' }), Schema, 't.v1')).toMatchObject({
      ok: false,
      diagnostic: { reason: 'unsupported' },
    });
  });
});
