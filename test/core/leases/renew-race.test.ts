import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLease, readLease } from '../../../core/leases/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { runSlottedWorkers } from '../support/run-slotted-workers.ts';
import { jsonLines } from './race-support.ts';

const WORKER = 'test/core/leases/fixtures/renew-race-worker.ts';
const TAKERS = 2;
const TRIALS = 150;
/** Bound on one trial; it normally ends within milliseconds, when the lease changes hands. */
const TRIAL_MS = 1_000;

const dir = useTempDir('leases-renew-race');

interface Row {
  trial: number;
  id: string;
  role: 'old' | 'taker';
  token?: string;
  renewed?: number;
  refused?: string;
  release?: string;
  took_over?: string;
}

describe('renew and release by the old holder after a takeover', () => {
  it('are refused and never touch the new holder’s record', async () => {
    // The old holder renews with a 1 ms TTL every millisecond, so its lease keeps going stale;
    // two takers race to take it over in the gaps. After a takeover, every renew and release by
    // the old token must be refused, and the new record must stay exactly as its taker wrote it.
    const tokens: string[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const lease = acquireLease(dir(), `renew/${i}`, { ttl_ms: 1, owner: 'old' });
      if (!lease.acquired) throw new Error('setup failed');
      tokens.push(lease.token);
    }
    const tokensFile = path.join(dir(), 'tokens.json');
    fs.writeFileSync(tokensFile, JSON.stringify(tokens));
    const sync = path.join(dir(), 'sync');
    const worker = (id: string, role: string) => ({
      id,
      script: WORKER,
      args: [dir(), sync, id, role, tokensFile, String(TRIALS), String(TRIAL_MS)],
    });
    const results = await runSlottedWorkers(sync, [
      worker('old', 'old'),
      ...Array.from({ length: TAKERS }, (_, n) => worker(`t${n}`, 'taker')),
    ]);
    const rows = jsonLines<Row>(results);

    let takenOver = 0;
    let refusedAfterTakeover = 0;
    for (let i = 0; i < TRIALS; i++) {
      const old = rows.find((r) => r.trial === i && r.role === 'old')!;
      const winners = rows.filter((r) => r.trial === i && r.role === 'taker' && r.token);
      expect(winners.length, `trial ${i}`).toBeLessThanOrEqual(1);
      const winner = winners[0];
      if (winner && (winner.took_over === tokens[i] || old.refused !== undefined)) takenOver++;
      if (old.refused !== undefined) {
        // Refused only because the lease changed hands, and then its release is refused too
        // (or finds the path empty, in the instant between the tombstone and the new mkdir).
        expect(old.refused, `trial ${i}`).toBe('not_holder');
        // (The winner is the taker, or a plain mkdir that won the path the takeover freed.)
        expect(winner, `trial ${i}`).toBeDefined();
        expect(['not_holder', 'absent'], `trial ${i}`).toContain(old.release);
        refusedAfterTakeover++;
      } else if (winner?.took_over === tokens[i]) {
        // Taken over after the old holder's last renew: its release must still not succeed.
        expect(['not_holder', 'absent'], `trial ${i}`).toContain(old.release);
      }
      if (winner) {
        // Whatever the old holder tried, the new record is exactly as its taker wrote it.
        const record = readLease(dir(), `renew/${i}`).record!;
        expect(record.token).toBe(winner.token);
        expect(record.renewals).toBe(0);
        expect(record.updated_at_ms).toBe(record.acquired_at_ms);
        expect(record.ttl_ms).toBe(600_000);
      }
    }
    expect(takenOver).toBeGreaterThan(TRIALS / 2);
    expect(refusedAfterTakeover).toBeGreaterThan(0);
    // Real races: the old holder renewed, then lost the lease to a taker while still renewing.
    const renewedThenRefused = rows.filter(
      (r) => r.role === 'old' && r.refused && (r.renewed ?? 0) > 0,
    );
    expect(renewedThenRefused.length).toBeGreaterThan(0);
  });
});
