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
