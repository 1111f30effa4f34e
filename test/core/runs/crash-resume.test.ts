import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRun, startRun } from '../../../core/runs/index.ts';
import { REPO_ROOT, runNode } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const WORKER = 'test/core/runs/fixtures/durable-worker.ts';
const TTL_MS = 2000;
const dir = useTempDir('runs-crash');

/** Start the worker and resolve once it printed `{"event":"hanging"}`; kill it with SIGKILL. */
function runUntilHangingThenKill(
  args: string[],
): Promise<{ events: Record<string, unknown>[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, WORKER), ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const events: Record<string, unknown>[] = [];
    let buffered = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker never reached its hang point\nstderr: ${stderr}`));
    }, 20_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffered += d;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const event = JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>;
        buffered = buffered.slice(nl + 1);
        events.push(event);
        if (event.event === 'hanging') child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ events, signal });
    });
  });
}

function events(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('a worker killed mid-run', () => {
  it('is resumed by a second worker after the lease expires, replaying committed steps', async () => {
    const side = path.join(dir(), 'side-effects.txt');
    const coord = path.join(dir(), 'coord');

    // Worker A commits 2 of 4 steps, then is killed with SIGKILL (no finally, no dispose).
    const first = await runUntilHangingThenKill([
      coord,
      'job-1',
      'worker-a',
      side,
      String(TTL_MS),
      'hang-after:2',
    ]);
    expect(first.signal).toBe('SIGKILL');
    expect(first.events[0]).toMatchObject({ event: 'started', attempt: 1, resumed: false });
    expect(fs.readFileSync(side, 'utf8')).toBe(
      'ran fetch attempt 1 by worker-a\nran plan attempt 1 by worker-a\n',
    );
    const crashed = readRun(coord, 'job-1');
    expect(crashed?.record?.status).toBe('running');
    expect(crashed?.checkpoints.map((c) => c.step_id)).toEqual(['fetch', 'plan']);

    // Right after the kill A's lease is still live: another worker is refused and runs nothing.
    expect(() => startRun(coord, 'job-1', { worker_id: 'worker-b' })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );

    // Once the lease is stale the run shows as orphaned.
    const deadline = Date.now() + 10_000;
    while (!readRun(coord, 'job-1')?.orphaned) {
      if (Date.now() > deadline) throw new Error('the lease never went stale');
      await new Promise((r) => setTimeout(r, 100));
    }

    // Worker B resumes: attempt 2, fetch and plan replayed (not re-run), build and report run.
    const second = await runNode(WORKER, [coord, 'job-1', 'worker-b', side, String(TTL_MS), 'all']);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    const seen = events(second.stdout);
    expect(seen[0]).toMatchObject({ event: 'started', attempt: 2, resumed: true });
    expect(seen.filter((e) => e.event === 'step').map((e) => [e.step, e.replayed])).toEqual([
      ['fetch', true],
      ['plan', true],
      ['build', false],
      ['report', false],
    ]);
    expect(seen.at(-1)).toEqual({ event: 'finished', status: 'succeeded', attempt: 2 });
    expect(fs.readFileSync(side, 'utf8')).toBe(
      [
        'ran fetch attempt 1 by worker-a',
        'ran plan attempt 1 by worker-a',
        'ran build attempt 2 by worker-b',
        'ran report attempt 2 by worker-b',
        '',
      ].join('\n'),
    );

    const done = readRun(coord, 'job-1');
    expect(done?.record).toMatchObject({
      status: 'succeeded',
      attempt: 2,
      worker_id: 'worker-b',
      // Built from the replayed outputs of attempt 1.
      output: { summary: 'built 6 tasks from 3 files' },
    });
    expect(done?.record?.finished_at_ms).toBeTypeOf('number');
    expect(done?.checkpoints.map((c) => [c.step_id, c.sequence, c.attempt, c.worker_id])).toEqual([
      ['fetch', 0, 1, 'worker-a'],
      ['plan', 1, 1, 'worker-a'],
      ['build', 2, 2, 'worker-b'],
      ['report', 3, 2, 'worker-b'],
    ]);
    expect(done?.lease.state).toBe('absent');
    expect(done?.orphaned).toBe(false);
    expect(done?.diagnostics).toEqual([]);
  });
});
