import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appendOperatorAudit, readOperatorAudit } from '../../../core/audit/operator-audit.ts';
import { BatonError } from '../../../core/errors.ts';
import { layout } from '../../../core/layout.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('operator');

const release = {
  operator: 'ana@box',
  action: 'release_lease',
  target: 'locks/src/main.ts',
  before: { token: 't1' },
  after: null,
  result: 'ok',
} as const;

describe('operator audit', () => {
  it('appends validated entries and reads them back from a cursor', () => {
    const first = appendOperatorAudit(dir(), { ...release, ts_ms: 5 });
    const second = appendOperatorAudit(dir(), {
      ...release,
      action: 'accept_handoff',
      target: 'handoffs/h1',
      reason: 'reviewer away',
    });
    expect(first.entry).toEqual({ ...release, ts_ms: 5 });
    expect(second.entry.ts_ms).toBeGreaterThan(5);
    const all = readOperatorAudit(dir());
    expect(all.entries.map((e) => e.entry.action)).toEqual(['release_lease', 'accept_handoff']);
    expect(all.next_cursor).toBe(second.cursor);
    const later = readOperatorAudit(dir(), { from_cursor: first.cursor });
    expect(later.entries.map((e) => e.entry.target)).toEqual(['handoffs/h1']);
  });

  it('refuses an invalid entry and writes nothing', () => {
    const bad = { ...release, action: 'format_disk' } as unknown as typeof release;
    expect(() => appendOperatorAudit(dir(), bad)).toThrow(BatonError);
    expect(() => appendOperatorAudit(dir(), { ...release, operator: '' })).toThrow(/operator/);
    expect(fs.existsSync(layout(dir()).operatorAuditFile)).toBe(false);
  });

  it('skips a bad line with a diagnostic and keeps the rest', () => {
    appendOperatorAudit(dir(), release);
    fs.appendFileSync(layout(dir()).operatorAuditFile, '{"ts_ms":1}\n');
    appendOperatorAudit(dir(), release);
    const read = readOperatorAudit(dir());
    expect(read.entries).toHaveLength(2);
    expect(read.diagnostics).toHaveLength(1);
    expect(read.diagnostics[0]).toMatchObject({ reason: 'malformed' });
  });
});
