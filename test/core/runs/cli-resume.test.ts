import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir.ts';
import { batonJson } from '../support/baton-json.ts';

// Through the real binary: a stale worker's lease runs out and another resumes the run;
// usage errors and unknown runs.
const dir = useTempDir('runs-cli-resume');
const baton = (...args: string[]) => batonJson(dir(), ...args);
// Each `baton` spawn loads the whole CLI (~0.4 s idle, several seconds on a contended machine).
const CLI_TIMEOUT_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('baton run (resume, usage)', () => {
  it(
    'resumes after the lease expires and fences the stale worker out',
    async () => {
      const first = await baton(
        'run',
        'start',
        'r2',
        '--worker',
        'w1',
        '--lease-ttl',
        '60000',
        '--json',
      );
      const oldFence = ['--worker', 'w1', '--lease', first.json.lease_id as string];
      expect(
        (await baton('run', 'checkpoint', 'r2', 'a', ...oldFence, '--output', '1', '--json')).code,
      ).toBe(0);
      // Let the lease run out now instead of waiting a whole TTL: renew it with a 1 ms TTL.
      const shortened = await baton(
        'run',
        'renew',
        'r2',
        ...oldFence,
        '--lease-ttl',
        '1',
        '--json',
      );
      expect(shortened.code).toBe(0);
      expect(shortened.json).toMatchObject({ run_id: 'r2', worker_id: 'w1', lease_ttl_ms: 1 });
      await sleep(Math.max(0, (shortened.json.lease_expires_at_ms as number) - Date.now() + 20));

      const second = await baton('run', 'start', 'r2', '--worker', 'w2', '--json');
      expect(second.code).toBe(0);
      expect(second.json).toMatchObject({
        attempt: 2,
        resumed: true,
        previous_status: 'running',
        took_over_from: { worker_id: 'w1' },
      });
      expect(
        (second.json.checkpoints as { step_id: string; output: unknown }[]).map((c) => [
          c.step_id,
          c.output,
        ]),
      ).toEqual([['a', 1]]);

      const stale = await baton(
        'run',
        'checkpoint',
        'r2',
        'b',
        ...oldFence,
        '--output',
        '2',
        '--json',
      );
      expect(stale.code).toBe(1);
      expect(stale.json).toMatchObject({ error: { code: 'not_holder' } });
      const staleFinish = await baton(
        'run',
        'finish',
        'r2',
        ...oldFence,
        '--status',
        'failed',
        '--error',
        'late',
        '--json',
      );
      expect(staleFinish.code).toBe(1);

      const show = await baton('run', 'show', 'r2', '--json');
      expect(show.json).toMatchObject({
        status: 'running',
        attempt: 2,
        worker_id: 'w2',
        lease: { state: 'active' },
      });
    },
    CLI_TIMEOUT_MS,
  );

  it('reports usage errors (exit 2) and unknown runs (exit 3)', async () => {
    expect((await baton('run', 'start', 'r3')).code).toBe(2); // --worker missing
    const missing = await baton('run', 'show', 'nope', '--json');
    expect(missing.code).toBe(3);
    expect(missing.json).toMatchObject({ error: { code: 'not_found' } });
    const help = await baton('run', 'checkpoint', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--lease');
  });
});
