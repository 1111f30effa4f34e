import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appendJsonLine } from '../../../core/files/jsonl.ts';
import { acquireLease } from '../../../core/leases/index.ts';
import { layout } from '../../../core/layout.ts';
import {
  commitCheckpoint,
  finishRun,
  readRun,
  renewRun,
  startRun,
  type Checkpoint,
} from '../../../core/runs/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { batonErrorCode } from '../support/baton-error-code.ts';
import { thrownBatonError } from '../support/thrown-baton-error.ts';

const dir = useTempDir('runs-fencing');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SHORT_TTL = 250;

describe('fencing', () => {
  it('refuses a stale worker after another worker took the run over', async () => {
    const stale = startRun(dir(), 'r1', { worker_id: 'w1', lease_ttl_ms: SHORT_TTL });
    stale.commitCheckpoint('a', 1);
    await sleep(SHORT_TTL + 100);
    const fresh = startRun(dir(), 'r1', { worker_id: 'w2', lease_ttl_ms: 60_000 });
    expect(fresh).toMatchObject({ attempt: 2, resumed: true, previous_status: 'running' });
    expect(fresh.took_over_from?.token).toBe(stale.lease_id);

    expect(batonErrorCode(() => stale.commitCheckpoint('b', 'stale'))).toBe('not_holder');
    expect(batonErrorCode(() => stale.renew())).toBe('not_holder');
    expect(batonErrorCode(() => stale.finish('succeeded'))).toBe('not_holder');
    const fenced = { lease_id: stale.lease_id, worker_id: 'w1' };
    expect(
      batonErrorCode(() => commitCheckpoint(dir(), 'r1', { ...fenced, step_id: 'b', output: 1 })),
    ).toBe('not_holder');
    expect(batonErrorCode(() => finishRun(dir(), 'r1', { ...fenced, status: 'failed' }))).toBe(
      'not_holder',
    );
    // The same lease id presented under another worker's name is refused too.
    expect(
      batonErrorCode(() =>
        commitCheckpoint(dir(), 'r1', {
          lease_id: fresh.lease_id,
          worker_id: 'w1',
          step_id: 'b',
          output: 1,
        }),
      ),
    ).toBe('not_holder');

    let ran = false;
    await expect(
      stale.step('b', () => {
        ran = true;
        return 1;
      }),
    ).rejects.toMatchObject({ code: 'not_holder' });
    expect(ran).toBe(false); // no side effects once the lease is lost

    // The stale worker's dispose leaves the new holder alone.
    stale.dispose();
    const view = readRun(dir(), 'r1');
    expect(view?.record).toMatchObject({ status: 'running', attempt: 2, worker_id: 'w2' });
    expect(view?.lease.state).toBe('active');
    expect(view?.lease.record?.token).toBe(fresh.lease_id);
    expect(view?.checkpoints.map((c) => c.step_id)).toEqual(['a']);

    expect(await fresh.step('a', () => 99)).toBe(1); // replayed from attempt 1
    expect(await fresh.step('b', () => 2)).toBe(2);
    expect(fresh.finish('succeeded').status).toBe('succeeded');
  });

  it('refuses commits on an expired lease nobody took over until the holder renews', async () => {
    const run = startRun(dir(), 'r2', { worker_id: 'w1', lease_ttl_ms: SHORT_TTL });
    await sleep(SHORT_TTL + 100);
    const error = thrownBatonError(() => run.commitCheckpoint('a', 1));
    expect(error.code).toBe('not_holder');
    expect(error.message).toMatch(/expired/);
    const renewed = renewRun(dir(), 'r2', {
      lease_id: run.lease_id,
      worker_id: 'w1',
      ttl_ms: 60_000,
    });
    expect(renewed.lease.expires_at_ms).toBeGreaterThan(Date.now() + 30_000);
    expect(run.commitCheckpoint('a', 1).sequence).toBe(0);
  });

  it('checks the lock owner record itself, not only run.json', async () => {
    const run = startRun(dir(), 'r4', { worker_id: 'w1', lease_ttl_ms: SHORT_TTL });
    await sleep(SHORT_TTL + 100);
    // Someone takes the stale lock directly (run.json still names w1's lease): the window
    // between a new holder's acquire and its run.json write looks exactly like this.
    const { resource, lock_path } = {
      resource: 'runs/r4',
      lock_path: layout(dir()).runLeaseDir('r4'),
    };
    const intruder = acquireLease(dir(), resource, {
      lock_path,
      owner: 'intruder',
      ttl_ms: 60_000,
    });
    expect(intruder.acquired).toBe(true);
    const error = thrownBatonError(() => run.commitCheckpoint('a', 1));
    expect(error.code).toBe('not_holder');
    expect(error.message).toContain('intruder');
    expect(batonErrorCode(() => run.renew())).toBe('not_holder');
    expect(batonErrorCode(() => run.finish('succeeded'))).toBe('not_holder');
    expect(readRun(dir(), 'r4')?.checkpoints).toEqual([]);
  });

  it('ignores a line a fenced-out worker appended after the takeover (the check-then-append gap)', async () => {
    const stale = startRun(dir(), 'r3', { worker_id: 'w1', lease_ttl_ms: SHORT_TTL });
    const first = stale.commitCheckpoint('a', 'A1');
    await sleep(SHORT_TTL + 100);
    const fresh = startRun(dir(), 'r3', { worker_id: 'w2', lease_ttl_ms: 60_000 });
    // What a paused stale worker would write if its fence check passed just before takeover.
    const late: Checkpoint = {
      ...first,
      step_id: 'b',
      sequence: 1,
      output: 'from the stale worker',
      committed_at_ms: Date.now(),
    };
    appendJsonLine(layout(dir()).runCheckpointsFile('r3'), late);

    const view = readRun(dir(), 'r3');
    expect(view?.checkpoints.map((c) => c.step_id)).toEqual(['a']);
    expect(view?.ignored_checkpoints).toHaveLength(1);
    expect(view?.ignored_checkpoints[0]).toMatchObject({
      reason: 'fenced_out',
      checkpoint: { step_id: 'b' },
    });

    // The new holder runs b itself: no checkpoint_conflict with the ignored line.
    expect(await fresh.step('b', () => 'from the holder')).toBe('from the holder');
    fresh.dispose();

    // A third attempt still ignores the late line (the fence is kept per attempt).
    const third = startRun(dir(), 'r3', { worker_id: 'w3' });
    expect(third.attempt).toBe(3);
    expect(third.checkpoints.map((c) => [c.step_id, c.output, c.sequence])).toEqual([
      ['a', 'A1', 0],
      ['b', 'from the holder', 1],
    ]);
    third.finish('succeeded');
    const lines = fs
      .readFileSync(layout(dir()).runCheckpointsFile('r3'), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(3);
  });
});
