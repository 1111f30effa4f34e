import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layout } from '../../../core/layout.ts';
import { readRun, startRun } from '../../../core/runs/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { thrownBatonError } from '../support/thrown-baton-error.ts';

const dir = useTempDir('runs-start');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startRun', () => {
  it('starts a new run at attempt 1 and writes run.json under its lease', () => {
    const run = startRun(dir(), 'r1', {
      worker_id: 'w1',
      input: { repo: 'x' },
      session_id: 'sess:1',
      workflow_id: 'build',
      now: 5000,
    });
    expect(run).toMatchObject({ run_id: 'r1', attempt: 1, resumed: false, worker_id: 'w1' });
    const onDisk = JSON.parse(fs.readFileSync(layout(dir()).runFile('r1'), 'utf8')) as unknown;
    expect(onDisk).toMatchObject({
      schema: 'baton.run.v1',
      run_id: 'r1',
      session_id: 'sess:1',
      workflow_id: 'build',
      worker_id: 'w1',
      lease_id: run.lease_id,
      attempt: 1,
      status: 'running',
      input: { repo: 'x' },
      started_at_ms: 5000,
      updated_at_ms: 5000,
    });
    const owner = JSON.parse(
      fs.readFileSync(`${layout(dir()).runLeaseDir('r1')}/owner.json`, 'utf8'),
    ) as { token: string; owner: { worker_id?: string; run_id?: string } };
    expect(owner.token).toBe(run.lease_id);
    expect(owner.owner).toMatchObject({ worker_id: 'w1', run_id: 'r1' });
  });

  it('refuses a run whose lease is active, naming the holder and the expiry', () => {
    startRun(dir(), 'r2', { worker_id: 'w1', lease_ttl_ms: 60_000 });
    const error = thrownBatonError(() => startRun(dir(), 'r2', { worker_id: 'w2' }));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('w1');
    expect(error.message).toMatch(/expires at \d{4}-\d\d-\d\dT/);
    expect(error.detail).toMatchObject({ run_id: 'r2', holder: { worker_id: 'w1' } });
    expect(readRun(dir(), 'r2')?.record).toMatchObject({ worker_id: 'w1', attempt: 1 });
  });

  it('refuses to restart succeeded and cancelled runs, without taking the lease', () => {
    for (const status of ['succeeded', 'cancelled'] as const) {
      const runId = `done-${status}`;
      startRun(dir(), runId, { worker_id: 'w1' }).finish(status, { output: 1 });
      const before = fs.readFileSync(layout(dir()).runFile(runId), 'utf8');
      const error = thrownBatonError(() => startRun(dir(), runId, { worker_id: 'w2' }));
      expect(error.code, status).toBe('terminal_run');
      expect(error.message).toContain(status);
      expect(fs.existsSync(layout(dir()).runLeaseDir(runId))).toBe(false);
      expect(fs.readFileSync(layout(dir()).runFile(runId), 'utf8')).toBe(before);
    }
  });

  it('restarts a failed run at attempt + 1, replaying its committed steps', async () => {
    const first = startRun(dir(), 'r3', { worker_id: 'w1', input: 7 });
    await first.step('a', () => 'A');
    first.finish('failed', { error: new Error('disk full') });
    expect(readRun(dir(), 'r3')?.record).toMatchObject({
      status: 'failed',
      error: { name: 'Error', message: 'disk full' },
    });
    const again = startRun(dir(), 'r3', { worker_id: 'w2' });
    expect(again).toMatchObject({ attempt: 2, resumed: true, previous_status: 'failed' });
    expect(again.record).toMatchObject({ status: 'running', input: 7, worker_id: 'w2' });
    expect(again.record.error).toBeUndefined();
    expect(again.record.finished_at_ms).toBeUndefined();
    let ran = false;
    expect(
      await again.step('a', () => {
        ran = true;
        return 'other';
      }),
    ).toBe('A');
    expect(ran).toBe(false);
  });

  it('refuses to resume with a different input', () => {
    startRun(dir(), 'r4', { worker_id: 'w1', input: { a: 1 } }).dispose();
    expect(
      thrownBatonError(() => startRun(dir(), 'r4', { worker_id: 'w1', input: { a: 2 } })).code,
    ).toBe('invalid_argument');
    expect(readRun(dir(), 'r4')?.lease.state).toBe('absent');
    expect(startRun(dir(), 'r4', { worker_id: 'w1', input: { a: 1 } }).attempt).toBe(2);
  });

  it('dispose releases the lease and leaves the run resumable at once', async () => {
    const run = startRun(dir(), 'r5', { worker_id: 'w1', lease_ttl_ms: 60_000 });
    await run.step('a', () => 1);
    run.dispose();
    run.dispose(); // idempotent
    const view = readRun(dir(), 'r5');
    expect(view?.record?.status).toBe('interrupted');
    expect(view?.lease.state).toBe('absent');
    expect(view?.orphaned).toBe(true);
    await expect(run.step('b', () => 2)).rejects.toMatchObject({ code: 'not_holder' });
    const next = startRun(dir(), 'r5', { worker_id: 'w2' });
    expect(next).toMatchObject({ attempt: 2, resumed: true, previous_status: 'interrupted' });
    expect(next.checkpoints.map((c) => c.step_id)).toEqual(['a']);
  });

  it('rejects bad arguments before touching the disk', () => {
    const cases: [string, () => unknown][] = [
      ['run id', () => startRun(dir(), '../escape', { worker_id: 'w1' })],
      ['worker id', () => startRun(dir(), 'r6', { worker_id: 'a b' })],
      ['ttl', () => startRun(dir(), 'r6', { worker_id: 'w1', lease_ttl_ms: 0 })],
      [
        'renew',
        () => startRun(dir(), 'r6', { worker_id: 'w1', lease_ttl_ms: 100, renew_every_ms: 100 }),
      ],
      ['input', () => startRun(dir(), 'r6', { worker_id: 'w1', input: new Date() })],
      ['session', () => startRun(dir(), 'r6', { worker_id: 'w1', session_id: '' })],
    ];
    for (const [label, fn] of cases)
      expect(thrownBatonError(fn).code, label).toBe('invalid_argument');
    expect(fs.existsSync(layout(dir()).runsDir)).toBe(false);
  });

  it('refuses to start over a corrupt run.json', () => {
    fs.mkdirSync(layout(dir()).runDir('r7'), { recursive: true });
    fs.writeFileSync(layout(dir()).runFile('r7'), '{"schema":"baton.run.v1",');
    const error = thrownBatonError(() => startRun(dir(), 'r7', { worker_id: 'w1' }));
    expect(error.code).toBe('unreadable');
    expect(error.message).toContain('run.json');
    expect(fs.existsSync(layout(dir()).runLeaseDir('r7'))).toBe(false);
  });

  it('auto-renews the lease while open and stops on finish', async () => {
    const run = startRun(dir(), 'r8', { worker_id: 'w1', lease_ttl_ms: 400, renew_every_ms: 100 });
    await sleep(700);
    expect(thrownBatonError(() => startRun(dir(), 'r8', { worker_id: 'w2' })).code).toBe(
      'conflict',
    );
    expect(run.lease.expires_at_ms).toBeGreaterThan(Date.now());
    expect(run.commitCheckpoint('a', 1).sequence).toBe(0);
    run.finish('cancelled');
    await sleep(250); // a renewal tick after finish would throw inside the timer; none may run
    expect(readRun(dir(), 'r8')).toMatchObject({
      record: { status: 'cancelled' },
      lease: { state: 'absent' },
    });
  });
});
