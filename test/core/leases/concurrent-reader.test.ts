import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir.ts';
import { runSlottedWorkers } from '../support/run-slotted-workers.ts';

const RESOURCES = 'docs/a,docs/b,c';
const DURATION_MS = 2_500;
const WRITERS = 2;

const dir = useTempDir('leases-reader');

describe('a reader racing writers', () => {
  it('never sees owner.json half-written (no malformed lease, no diagnostic)', async () => {
    const sync = path.join(dir(), 'sync');
    const worker = (script: string, id: string) => ({
      id,
      script: `test/core/leases/fixtures/${script}`,
      args: [dir(), RESOURCES, String(DURATION_MS), sync, id],
    });
    const [read, ...written] = await runSlottedWorkers(sync, [
      worker('reader-worker.ts', 'reader'),
      ...Array.from({ length: WRITERS }, (_, n) => worker('churn-worker.ts', `writer-${n}`)),
    ]);
    const seen = JSON.parse(read!.stdout) as {
      reads: number;
      states: Record<string, number>;
      problems: string[];
    };
    expect(seen.problems).toEqual([]);
    expect(seen.states.malformed ?? 0).toBe(0);
    expect(seen.states['list:malformed'] ?? 0).toBe(0);
    expect(seen.reads).toBeGreaterThan(100);
    // The writers were really at work while the reader looked.
    expect(seen.states.active ?? 0).toBeGreaterThan(0);
    const cycles = written.map((w) => (JSON.parse(w.stdout) as { cycles: number }).cycles);
    expect(Math.min(...cycles)).toBeGreaterThan(10);
  });
});
