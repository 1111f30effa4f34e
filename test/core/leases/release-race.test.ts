import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir.ts';
import { runSlottedWorkers } from '../support/run-slotted-workers.ts';

const WORKER = 'test/core/leases/fixtures/release-race-worker.ts';
const HOLDERS = 2;
const OPERATORS = 2;
const DURATION_MS = 4_000;

const dir = useTempDir('leases-release-race');

describe('release by token across processes', () => {
  it('a lease re-acquired between a reader’s look and its release is never deleted', async () => {
    // Holders acquire and release in a loop; operators read the lease and, a moment later,
    // release by the token they saw. Hands change between look and act all the time; a release
    // must then be refused, and a holder may lose its lease only to a release of its own token.
    const log = path.join(dir(), 'events.log');
    const sync = path.join(dir(), 'sync');
    const worker = (role: string, n: number) => ({
      id: `${role}-${n}`,
      script: WORKER,
      args: [dir(), 'contested/file', role, log, String(DURATION_MS), sync, `${role}-${n}`],
    });
    await runSlottedWorkers(sync, [
      ...Array.from({ length: HOLDERS }, (_, n) => worker('holder', n)),
      ...Array.from({ length: OPERATORS }, (_, n) => worker('operator', n)),
    ]);

    const events = fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ') as [string, string, string]);
    const tokensOf = (kind: string) =>
      new Set(events.filter((e) => e[0] === kind).map((e) => e[2]));
    const acquired = tokensOf('A');
    const releasedBySelf = tokensOf('R');
    const lost = tokensOf('L');
    const releasedByOperator = tokensOf('O');
    const refused = events.filter((e) => e[0] === 'N');

    // Every lease a holder lost was released by an operator under exactly that token...
    for (const token of lost) expect(releasedByOperator, `lost ${token}`).toContain(token);
    // ...and every operator release removed a lease that was live under the token it named.
    for (const token of releasedByOperator) {
      expect(acquired).toContain(token);
      expect(releasedBySelf, `released twice: ${token}`).not.toContain(token);
    }
    // Both sides of the race happened: operators won some, and were refused after a change of hands.
    expect(releasedByOperator.size).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(acquired.size).toBeGreaterThan(50);
  });
});
