import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BatonError } from '../../../core/errors.ts';
import {
  findMessage,
  parseRoomRef,
  post,
  read,
  roomFile,
  scanRoom,
} from '../../../core/rooms/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('rooms-read');
const ref = parseRoomRef('task/t-1/plan');

describe('read', () => {
  it('returns messages oldest first, each with the cursor its post returned', () => {
    const receipts = [1, 2, 3].map((n) => post(dir(), ref, { body: `m${n}` }));
    const result = read(dir(), ref);
    expect(result.messages.map((e) => e.message.body)).toEqual(['m1', 'm2', 'm3']);
    expect(result.messages.map((e) => e.cursor)).toEqual(receipts.map((r) => r.cursor));
    expect(result.messages.map((e) => e.offset)).toEqual(receipts.map((r) => r.offset));
    expect(result.next_cursor).toBe(receipts[2]!.cursor);
    expect(result.diagnostics).toEqual([]);
  });

  it('reading after cursor C starts at byte C', () => {
    const [a, b] = [post(dir(), ref, { body: 'a' }), post(dir(), ref, { body: 'b' })];
    expect(read(dir(), ref, { from_cursor: a.cursor }).messages.map((e) => e.message.id)).toEqual([
      b.id,
    ]);
    expect(read(dir(), ref, { from_cursor: b.cursor })).toEqual({
      messages: [],
      next_cursor: b.cursor,
      diagnostics: [],
    });
  });

  it('pages with limit and next_cursor without losing or repeating a message', () => {
    const ids = Array.from({ length: 25 }, (_, i) => post(dir(), ref, { body: `m${i}` }).id);
    const seen: string[] = [];
    let cursor = 0;
    for (;;) {
      const page = read(dir(), ref, { from_cursor: cursor, limit: 7 });
      if (page.messages.length === 0) break;
      expect(page.messages.length).toBeLessThanOrEqual(7);
      seen.push(...page.messages.map((e) => e.message.id));
      cursor = page.next_cursor;
    }
    expect(seen).toEqual(ids);
  });

  it('reads a room that does not exist as empty', () => {
    expect(read(dir(), ref)).toEqual({ messages: [], next_cursor: 0, diagnostics: [] });
  });

  it('treats a torn last line as not yet written, then reads it once completed', () => {
    const a = post(dir(), ref, { body: 'a' });
    const b = post(dir(), parseRoomRef('task/t-1/scratch'), { body: 'b' });
    const line = JSON.stringify(b.message) + '\n';
    const file = roomFile(dir(), ref);
    fs.appendFileSync(file, line.slice(0, 40));
    const before = read(dir(), ref);
    expect(before.messages).toHaveLength(1);
    expect(before.next_cursor).toBe(a.cursor);
    expect(before.diagnostics).toEqual([]);
    fs.appendFileSync(file, line.slice(40));
    const after = read(dir(), ref, { from_cursor: before.next_cursor });
    expect(after.messages.map((e) => e.message.body)).toEqual(['b']);
    expect(after.diagnostics).toEqual([]);
  });

  it('skips a corrupt line with a diagnostic naming the file and offset', () => {
    const a = post(dir(), ref, { body: 'a' });
    const file = roomFile(dir(), ref);
    fs.appendFileSync(file, '{"oops": \n');
    post(dir(), ref, { body: 'c' });
    const result = read(dir(), ref);
    expect(result.messages.map((e) => e.message.body)).toEqual(['a', 'c']);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      path: file,
      offset: a.cursor,
      reason: 'malformed',
    });
  });

  it('skips JSON that is not a message envelope, and reports a foreign schema as unsupported', () => {
    post(dir(), ref, { body: 'a' });
    const file = roomFile(dir(), ref);
    const good = JSON.parse(fs.readFileSync(file, 'utf8'));
    const badKind = { ...good, id: 'k', kind: 'chat' };
    const noBody = { ...good, id: 'nb' };
    delete noBody.body;
    const future = { ...good, id: 'f', schema: 'harn.coordination.message.v2' };
    fs.appendFileSync(
      file,
      [badKind, noBody, future, [1, 2], 'text'].map((v) => JSON.stringify(v)).join('\n') + '\n',
    );
    post(dir(), ref, { body: 'z' });
    const result = read(dir(), ref);
    expect(result.messages.map((e) => e.message.body)).toEqual(['a', 'z']);
    expect(result.diagnostics.map((d) => d.reason)).toEqual([
      'malformed',
      'malformed',
      'unsupported',
      'malformed',
      'malformed',
    ]);
    expect(result.diagnostics[0]!.message).toMatch(/kind/);
    expect(result.diagnostics[1]!.message).toMatch(/body/);
  });

  it('accepts envelopes written by other tools: refs/related_ids defaulted, unknown fields kept', () => {
    const file = roomFile(dir(), ref);
    fs.mkdirSync(file.replace(/\/[^/]+$/, ''), { recursive: true });
    const foreign = {
      schema: 'harn.coordination.message.v1',
      id: 'ext-1',
      scope: 'task',
      scope_id: 't-1',
      room: 'plan',
      kind: 'fact',
      from: { agent: 'harn', session_id: 's1', extra: 1 },
      subject: 's',
      body: 'b',
      created_at: '2024-01-01T00:00:00.000Z',
      ts_ms: 1704067200000,
      x_custom: true,
    };
    fs.writeFileSync(file, JSON.stringify(foreign) + '\n');
    const [entry] = read(dir(), ref).messages;
    expect(entry!.message).toMatchObject({ ...foreign, refs: [], related_ids: [] });
  });

  it('rejects a bad from_cursor or limit before reading', () => {
    for (const options of [{ from_cursor: -1 }, { from_cursor: 1.5 }, { limit: 0 }]) {
      expect(() => read(dir(), ref, options)).toThrow(BatonError);
    }
  });
});

describe('scanRoom and findMessage', () => {
  it('streams entries and stops when asked', () => {
    const r = [1, 2, 3].map((n) => post(dir(), ref, { body: `m${n}` }));
    const seen: string[] = [];
    const scan = scanRoom(dir(), ref, 0, (e) => {
      seen.push(e.message.body);
      return seen.length < 2;
    });
    expect(seen).toEqual(['m1', 'm2']);
    expect(scan.next_cursor).toBe(r[1]!.cursor);
  });

  it('finds a message by id', () => {
    post(dir(), ref, { body: 'a' });
    const b = post(dir(), ref, { body: 'b', id: 'wanted' });
    expect(findMessage(dir(), ref, 'wanted')).toMatchObject({
      cursor: b.cursor,
      message: { body: 'b' },
    });
    expect(findMessage(dir(), ref, 'missing')).toBeUndefined();
  });
});
