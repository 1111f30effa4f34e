import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appendLifecycleAudit, readLifecycleAudit } from '../../../core/audit/lifecycle-audit.ts';
import { BatonError } from '../../../core/errors.ts';
import { layout } from '../../../core/layout.ts';
import { runNode } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('lifecycle');

describe('appendLifecycleAudit', () => {
  it('writes {seq, kind, payload, pipeline_id, ts_ms} with seq counting from 1', () => {
    const first = appendLifecycleAudit(dir(), 'pipeline_finalized', { disposition: 'ok' }, 'p1', {
      now: 10,
    });
    const second = appendLifecycleAudit(dir(), 'note', undefined, null, { now: 11 });
    expect(first.entry).toEqual({
      seq: 1,
      kind: 'pipeline_finalized',
      payload: { disposition: 'ok' },
      pipeline_id: 'p1',
      ts_ms: 10,
    });
    expect(second.entry).toMatchObject({ seq: 2, payload: null, pipeline_id: null });
    const lines = fs.readFileSync(layout(dir()).lifecycleAuditFile, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(second.cursor).toBe(Buffer.byteLength(lines[0]! + lines[1]!) + 2);
  });

  it('continues the seq after lines it cannot parse', () => {
    const file = layout(dir()).lifecycleAuditFile;
    appendLifecycleAudit(dir(), 'a', null, null);
    fs.appendFileSync(file, 'garbage\n');
    expect(appendLifecycleAudit(dir(), 'b', null, null).entry.seq).toBe(2);
  });

  it('refuses bad arguments before writing anything', () => {
    const attempts = [
      () => appendLifecycleAudit(dir(), '', null, null),
      () => appendLifecycleAudit(dir(), 'k', null, '../p'),
      () => appendLifecycleAudit(dir(), 'k', null, null, { fields: { seq: 9 } }),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(BatonError);
    expect(fs.existsSync(layout(dir()).lifecycleAuditFile)).toBe(false);
  });

  it('gives concurrent processes distinct seqs, increasing in file order', async () => {
    const workers = ['w1', 'w2', 'w3', 'w4'];
    const results = await Promise.all(
      workers.map((w) =>
        runNode('test/core/audit/fixtures/append-lifecycle.ts', [dir(), w, '40'], {
          timeoutMs: 25_000,
        }),
      ),
    );
    for (const r of results) expect(r.stderr).toBe('');
    const read = readLifecycleAudit(dir());
    expect(read.diagnostics).toEqual([]);
    expect(read.entries.map((e) => e.entry.seq)).toEqual(
      Array.from({ length: 160 }, (_, i) => i + 1),
    );
    for (const w of workers) {
      const mine = read.entries.filter((e) => e.entry.pipeline_id === w);
      expect(mine.map((e) => (e.entry.payload as { i: number }).i)).toEqual(
        Array.from({ length: 40 }, (_, i) => i),
      );
    }
  });
});

describe('readLifecycleAudit', () => {
  it('reads from a cursor, filters, and reports bad lines with their offset', () => {
    const file = layout(dir()).lifecycleAuditFile;
    const a = appendLifecycleAudit(dir(), 'a', 1, 'p');
    fs.appendFileSync(file, '{"seq":"x"}\n');
    appendLifecycleAudit(dir(), 'b', 2, 'q');
    appendLifecycleAudit(dir(), 'b', 3, 'p');
    const all = readLifecycleAudit(dir());
    expect(all.entries.map((e) => e.entry.payload)).toEqual([1, 2, 3]);
    expect(all.diagnostics).toEqual([
      expect.objectContaining({ path: file, offset: a.cursor, reason: 'malformed' }),
    ]);
    expect(all.next_cursor).toBe(fs.statSync(file).size);
    const later = readLifecycleAudit(dir(), { from_cursor: a.cursor });
    expect(later.entries.map((e) => e.entry.payload)).toEqual([2, 3]);
    expect(readLifecycleAudit(dir(), { kind: 'b', pipeline_id: 'p' }).entries).toHaveLength(1);
    const one = readLifecycleAudit(dir(), { limit: 1 });
    expect(one.next_cursor).toBe(a.cursor);
    expect(readLifecycleAudit(dir(), { from_cursor: all.next_cursor }).entries).toEqual([]);
  });

  it('reads a missing log as empty', () => {
    expect(readLifecycleAudit(dir())).toEqual({ entries: [], next_cursor: 0, diagnostics: [] });
  });
});
