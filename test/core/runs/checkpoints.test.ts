import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_BYTES } from '../../../core/files/jsonl.ts';
import { layout } from '../../../core/layout.ts';
import {
  commitCheckpoint,
  commitCheckpointResult,
  readRun,
  startRun,
} from '../../../core/runs/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { thrownBatonError } from '../support/thrown-baton-error.ts';

const dir = useTempDir('runs-checkpoints');

function lineCount(runId: string): number {
  const file = layout(dir()).runCheckpointsFile(runId);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

describe('commitCheckpoint', () => {
  it('writes one line per step with the sequence of steps before it', () => {
    const run = startRun(dir(), 'r1', { worker_id: 'w1' });
    const fence = { lease_id: run.lease_id, worker_id: 'w1' };
    const a = commitCheckpoint(dir(), 'r1', {
      ...fence,
      step_id: 'a',
      output: { n: 1 },
      now: 1000,
    });
    const b = commitCheckpoint(dir(), 'r1', { ...fence, step_id: 'b', output: [1, 'two'] });
    expect(a).toEqual({
      run_id: 'r1',
      lease_id: run.lease_id,
      worker_id: 'w1',
      step_id: 'a',
      sequence: 0,
      attempt: 1,
      output: { n: 1 },
      committed_at_ms: 1000,
    });
    expect(b.sequence).toBe(1);
    const lines = fs
      .readFileSync(layout(dir()).runCheckpointsFile('r1'), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([a, b]);
  });

  it('is a no-op for the same step and the same output (deep equal)', () => {
    const run = startRun(dir(), 'r2', { worker_id: 'w1' });
    const fence = { lease_id: run.lease_id, worker_id: 'w1' };
    const first = commitCheckpointResult(dir(), 'r2', {
      ...fence,
      step_id: 'a',
      output: { x: 1, y: [2] },
    });
    const again = commitCheckpointResult(dir(), 'r2', {
      ...fence,
      step_id: 'a',
      output: { y: [2], x: 1 },
    });
    expect(first.created).toBe(true);
    expect(again).toEqual({ checkpoint: first.checkpoint, created: false });
    expect(lineCount('r2')).toBe(1);
  });

  it('refuses the same step with a different output as checkpoint_conflict, writing nothing', () => {
    const run = startRun(dir(), 'r3', { worker_id: 'w1' });
    run.commitCheckpoint('a', { x: 1 });
    const error = thrownBatonError(() => run.commitCheckpoint('a', { x: 2 }));
    expect(error.code).toBe('checkpoint_conflict');
    expect(error.message).toContain('"a"');
    expect(error.detail?.committed).toMatchObject({ output: { x: 1 } });
    expect(lineCount('r3')).toBe(1);
  });

  it('rejects bad arguments and non-JSON outputs before writing anything', () => {
    const run = startRun(dir(), 'r4', { worker_id: 'w1' });
    const fence = { lease_id: run.lease_id, worker_id: 'w1' };
    const cases: [string, () => unknown][] = [
      [
        'bad step id',
        () => commitCheckpoint(dir(), 'r4', { ...fence, step_id: '../x', output: 1 }),
      ],
      ['bad run id', () => commitCheckpoint(dir(), '..', { ...fence, step_id: 'a', output: 1 })],
      [
        'empty lease',
        () => commitCheckpoint(dir(), 'r4', { ...fence, lease_id: '', step_id: 'a', output: 1 }),
      ],
      ['a Date', () => run.commitCheckpoint('a', new Date())],
      ['NaN', () => run.commitCheckpoint('a', { n: Number.NaN })],
      ['a Map', () => run.commitCheckpoint('a', new Map())],
      ['a function', () => run.commitCheckpoint('a', { f: () => 1 })],
    ];
    for (const [label, fn] of cases) {
      expect(thrownBatonError(fn).code, label).toBe('invalid_argument');
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(thrownBatonError(() => run.commitCheckpoint('a', cyclic)).code).toBe('invalid_argument');
    expect(
      thrownBatonError(() => run.commitCheckpoint('a', 'x'.repeat(MAX_RECORD_BYTES))).code,
    ).toBe('record_too_large');
    expect(lineCount('r4')).toBe(0);
  });

  it('refuses an unknown run and a finished run', () => {
    const missing = thrownBatonError(() =>
      commitCheckpoint(dir(), 'nope', { lease_id: 'x', worker_id: 'w1', step_id: 'a', output: 1 }),
    );
    expect(missing.code).toBe('not_found');
    const run = startRun(dir(), 'r5', { worker_id: 'w1' });
    run.finish('succeeded');
    const fence = { lease_id: run.lease_id, worker_id: 'w1' };
    expect(
      thrownBatonError(() => commitCheckpoint(dir(), 'r5', { ...fence, step_id: 'a', output: 1 }))
        .code,
    ).toBe('terminal_run');
  });
});

describe('RunHandle.step', () => {
  it('runs a new step once, commits its output and refuses the same id twice in one attempt', async () => {
    const run = startRun(dir(), 'r6', { worker_id: 'w1' });
    let calls = 0;
    const out = await run.step('a', async () => {
      calls++;
      return { ok: true };
    });
    expect(out).toEqual({ ok: true });
    expect(calls).toBe(1);
    await expect(run.step('a', () => 1)).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(run.checkpoints.map((c) => c.step_id)).toEqual(['a']);
    expect(readRun(dir(), 'r6')?.checkpoints).toHaveLength(1);
  });

  it('does not commit a step whose function throws, so it runs again on resume', async () => {
    const run = startRun(dir(), 'r7', { worker_id: 'w1' });
    await expect(
      run.step('a', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    run.dispose();
    const again = startRun(dir(), 'r7', { worker_id: 'w1' });
    let calls = 0;
    expect(await again.step('a', () => ++calls)).toBe(1);
  });
});
