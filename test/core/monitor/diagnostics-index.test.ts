import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDiagnosticsIndex } from '../../../core/monitor/diagnostics-index.ts';

const bad = (file: string, offset?: number) => ({
  path: `/coord/${file}`,
  ...(offset !== undefined ? { offset } : {}),
  reason: 'malformed' as const,
  message: `${file} is bad`,
});

describe('createDiagnosticsIndex', () => {
  it('keys diagnostics by relative path (and offset), keeps first_seen, removes when no source reports them', () => {
    const index = createDiagnosticsIndex('/coord');
    expect(index.set('agent:a', [bad('agents/a.json')], 100)).toEqual([
      {
        op: 'upsert',
        view: {
          key: 'agents/a.json',
          path: 'agents/a.json',
          reason: 'malformed',
          message: 'agents/a.json is bad',
          first_seen_ms: 100,
        },
      },
    ]);
    expect(index.set('agent:a', [bad('agents/a.json')], 200)).toEqual([]); // same: no change
    expect(index.get('agents/a.json')?.first_seen_ms).toBe(100);
    index.set('jsonl:x', [bad('rooms/t/x/r.jsonl', 40)], 300);
    expect(index.get('rooms/t/x/r.jsonl@40')?.offset).toBe(40);
    // Two sources report the same file: it stays until both stop.
    index.set('unsettled:p', [bad('audit/lifecycle.jsonl', 0)], 300);
    index.set('unsettled:q', [bad('audit/lifecycle.jsonl', 0)], 300);
    expect(index.set('unsettled:p', [], 400)).toEqual([]);
    expect(index.set('unsettled:q', [], 400)).toEqual([
      { op: 'remove', key: 'audit/lifecycle.jsonl@0' },
    ]);
    expect(index.set('agent:a', [], 500)).toEqual([{ op: 'remove', key: 'agents/a.json' }]);
    expect(index.size).toBe(1);
  });
});

describe('first_seen_ms of a diagnostic found by a (re)starting monitor', () => {
  it('starts at the bad file’s last change, not at the monitor’s start; unreadable files at now', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-diag-'));
    try {
      const file = path.join(root, 'agents', 'x.json');
      fs.mkdirSync(path.dirname(file));
      fs.writeFileSync(file, '{"id": "x", ');
      const changed = Math.max(fs.statSync(file).mtimeMs, fs.statSync(file).ctimeMs);
      const later = Date.now() + 3_600_000; // a monitor started an hour after the file went bad
      const index = createDiagnosticsIndex(root);
      index.set('agent:x', [{ path: file, reason: 'malformed', message: 'truncated' }], later);
      expect(index.get('agents/x.json')?.first_seen_ms).toBe(Math.floor(changed));
      // A dangling symlink's times say nothing about when its target went.
      const ghost = path.join(root, 'agents', 'ghost.json');
      fs.symlinkSync(path.join(root, 'nowhere.json'), ghost);
      index.set('agent:ghost', [{ path: ghost, reason: 'unreadable', message: 'ENOENT' }], later);
      expect(index.get('agents/ghost.json')?.first_seen_ms).toBe(later);
      // Never in the future of the monitor's clock.
      index.set('agent:y', [{ path: file, offset: 3, reason: 'malformed', message: 'x' }], 5);
      expect(index.get('agents/x.json@3')?.first_seen_ms).toBe(5);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
