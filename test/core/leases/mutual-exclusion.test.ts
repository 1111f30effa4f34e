import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir.ts';
import { runSlottedWorkers } from '../support/run-slotted-workers.ts';

const WORKER = 'test/core/leases/fixtures/mutex-worker.ts';
const PROCESSES = 4;
const ACQUISITIONS_EACH = 750;

const dir = useTempDir('leases-mutex');

interface Mark {
  kind: string;
  pid: string;
  token: string;
}

/** Every enter must be followed by its own exit before the next enter; returns the violations. */
function overlaps(marks: Mark[]): string[] {
  const problems: string[] = [];
  for (let i = 0; i < marks.length; i += 2) {
    const enter = marks[i]!;
    const exit = marks[i + 1];
    if (
      enter.kind !== 'E' ||
      exit?.kind !== 'X' ||
      exit.token !== enter.token ||
      exit.pid !== enter.pid
    ) {
      problems.push(`at line ${i + 1}: ${JSON.stringify(enter)} then ${JSON.stringify(exit)}`);
      i -= 1; // resynchronise on the next line
    }
  }
  return problems;
}

function readMarks(file: string): Mark[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [kind, pid, token] = line.split(' ');
      return { kind: kind!, pid: pid!, token: token! };
    });
}

async function hammer(marks: string, count: number, ttl: number, hold: number) {
  const sync = path.join(path.dirname(marks), `sync-${path.basename(marks)}`);
  const results = await runSlottedWorkers(
    sync,
    Array.from({ length: PROCESSES }, (_, n) => ({
      id: `w${n}`,
      script: WORKER,
      args: [
        dir(),
        'shared/resource',
        String(count),
        marks,
        String(ttl),
        String(hold),
        sync,
        `w${n}`,
      ],
    })),
  );
  return results.map(
    (r) => JSON.parse(r.stdout) as { done: number; conflicts: number; lost: number },
  );
}

describe('mutual exclusion across processes', () => {
  it(`${PROCESSES} processes x ${ACQUISITIONS_EACH} acquisitions never overlap`, async () => {
    const marks = path.join(dir(), 'marks.log');
    const stats = await hammer(marks, ACQUISITIONS_EACH, 60_000, 0);
    const lines = readMarks(marks);
    expect(lines).toHaveLength(PROCESSES * ACQUISITIONS_EACH * 2);
    expect(overlaps(lines)).toEqual([]);
    expect(new Set(lines.map((m) => m.token)).size).toBe(PROCESSES * ACQUISITIONS_EACH);
    expect(stats.reduce((n, s) => n + s.lost, 0)).toBe(0);
    // The processes did contend (otherwise this proves little).
    expect(stats.reduce((n, s) => n + s.conflicts, 0)).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(dir(), 'locks', 'shared'))).toEqual([]);
  });

  it('the overlap check catches a lease that is not exclusive (TTL 0: stale at once)', async () => {
    // Negative control: a 0 ms lease is stale as soon as it is written, so others take it over
    // while the holder is inside; the same checker must see the overlaps.
    const marks = path.join(dir(), 'marks-ttl0.log');
    const stats = await hammer(marks, 40, 0, 3);
    expect(overlaps(readMarks(marks)).length).toBeGreaterThan(0);
    expect(stats.reduce((n, s) => n + s.lost, 0)).toBeGreaterThan(0);
  });
});
