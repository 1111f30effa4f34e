import { describe, expect, it } from 'vitest';
import { runNode } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const RESOURCES = 'docs/a,docs/b,c';
const DURATION_MS = 2_500;
const WRITERS = 2;

const dir = useTempDir('leases-reader');

describe('a reader racing writers', () => {
  it('never sees owner.json half-written (no malformed lease, no diagnostic)', async () => {
    const writers = Array.from({ length: WRITERS }, () =>
      runNode('test/core/leases/fixtures/churn-worker.ts', [dir(), RESOURCES, String(DURATION_MS)]),
    );
    const reader = runNode('test/core/leases/fixtures/reader-worker.ts', [
      dir(),
      RESOURCES,
      String(DURATION_MS),
    ]);
    const [read, ...written] = await Promise.all([reader, ...writers]);
    for (const r of [read!, ...written]) expect(r.code, r.stderr).toBe(0);
    const seen = JSON.parse(read!.stdout) as {
      reads: number;
      states: Record<string, number>;
      problems: string[];
    };
    expect(seen.problems).toEqual([]);
    expect(seen.states.malformed ?? 0).toBe(0);
    expect(seen.states['list:malformed'] ?? 0).toBe(0);
    expect(seen.reads).toBeGreaterThan(200);
    // The writers were really at work while the reader looked.
    expect(seen.states.active ?? 0).toBeGreaterThan(0);
    const cycles = written.map((w) => (JSON.parse(w.stdout) as { cycles: number }).cycles);
    expect(Math.min(...cycles)).toBeGreaterThan(20);
  });
});
