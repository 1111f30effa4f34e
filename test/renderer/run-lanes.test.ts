import { describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../core/runs/run-schema.ts';
import { runDurationMs, runLanes } from '../../renderer/src/views/run-lanes.ts';
import { T0 } from './support/fixtures.ts';

function step(attempt: number, sequence: number, worker: string): Checkpoint {
  return {
    run_id: 'r1',
    lease_id: 'l',
    worker_id: worker,
    step_id: `s${sequence}`,
    sequence,
    attempt,
    output: null,
    committed_at_ms: T0 + sequence,
  };
}

describe('run detail', () => {
  it('shows a resumed attempt that has committed no step yet, by its worker', () => {
    const checkpoints = [step(1, 1, 'w1'), step(1, 0, 'w1')];
    const attempts = [{ attempt: 1, worker_id: 'w1', first_ms: T0, last_ms: T0 + 1 }];
    const lanes = runLanes(checkpoints, attempts, { attempt: 2, worker_id: 'w2' });
    expect(lanes.map((l) => [l.attempt, l.worker_id, l.steps.map((s) => s.sequence)])).toEqual([
      [1, 'w1', [0, 1]],
      [2, 'w2', []],
    ]);
  });

  it('does not duplicate an attempt the engine already spans', () => {
    const attempts = [{ attempt: 1, worker_id: 'w1', first_ms: T0, last_ms: T0 }];
    expect(runLanes([step(1, 0, 'w1')], attempts, { attempt: 1, worker_id: 'w1' })).toHaveLength(1);
    expect(runLanes([], [], {})).toEqual([]);
  });

  it('times a running run to now, an ended one to its finish', () => {
    const running = { status: 'running' as const, started_at_ms: T0, updated_at_ms: T0 + 5_000 };
    expect(runDurationMs(running, T0 + 60_000)).toBe(60_000);
    const done = { ...running, status: 'succeeded' as const, finished_at_ms: T0 + 9_000 };
    expect(runDurationMs(done, T0 + 60_000)).toBe(9_000);
    expect(runDurationMs({ status: 'running' }, T0)).toBeUndefined();
  });
});
