import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layout } from '../../../core/layout.ts';
import { listRuns, readRun, startRun } from '../../../core/runs/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('runs-read');

describe('readRun', () => {
  it('is undefined for a run that does not exist', () => {
    expect(readRun(dir(), 'none')).toBeUndefined();
    expect(() => readRun(dir(), '../x')).toThrow(/run id/);
  });

  it('reports a corrupt run.json as a diagnostic and still reads the checkpoints', async () => {
    const run = startRun(dir(), 'r1', { worker_id: 'w1' });
    await run.step('a', () => 1);
    fs.writeFileSync(layout(dir()).runFile('r1'), '{"schema": "baton.run.v1", "run_id": ');
    const view = readRun(dir(), 'r1');
    expect(view?.record).toBeUndefined();
    expect(view?.checkpoints.map((c) => c.step_id)).toEqual(['a']);
    expect(view?.diagnostics).toHaveLength(1);
    expect(view?.diagnostics[0]).toMatchObject({
      path: layout(dir()).runFile('r1'),
      reason: 'malformed',
    });
    expect(view?.orphaned).toBe(false);
  });

  it('reports an unsupported schema version', () => {
    fs.mkdirSync(layout(dir()).runDir('r2'), { recursive: true });
    fs.writeFileSync(
      layout(dir()).runFile('r2'),
      JSON.stringify({ schema: 'baton.run.v9', run_id: 'r2' }),
    );
    expect(readRun(dir(), 'r2')?.diagnostics[0]?.reason).toBe('unsupported');
  });

  it('skips a corrupt checkpoint line with its byte offset and keeps every other line', async () => {
    const run = startRun(dir(), 'r3', { worker_id: 'w1' });
    await run.step('a', () => 1);
    const file = layout(dir()).runCheckpointsFile('r3');
    const badOffset = fs.statSync(file).size;
    fs.appendFileSync(file, 'this is not json\n');
    fs.appendFileSync(file, JSON.stringify({ run_id: 'r3', step_id: 'no-fields' }) + '\n');
    await run.step('b', () => 2);
    const view = readRun(dir(), 'r3');
    expect(view?.checkpoints.map((c) => [c.step_id, c.sequence])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(view?.diagnostics.map((d) => [d.reason, d.offset])).toEqual([
      ['malformed', badOffset],
      ['malformed', badOffset + 'this is not json\n'.length],
    ]);
  });
});

describe('listRuns', () => {
  it('lists every run with its status, orphaned flag and the diagnostics of all of them', async () => {
    expect(listRuns(dir())).toEqual({ runs: [], diagnostics: [] });
    const a = startRun(dir(), 'a', { worker_id: 'w1' });
    await a.step('s', () => 1);
    a.finish('succeeded');
    startRun(dir(), 'b', { worker_id: 'w1' });
    startRun(dir(), 'c', { worker_id: 'w1' }).dispose();
    fs.mkdirSync(layout(dir()).runDir('d'));
    fs.writeFileSync(layout(dir()).runFile('d'), 'garbage');
    fs.writeFileSync(path.join(layout(dir()).runsDir, 'stray-file.txt'), 'x');

    const all = listRuns(dir());
    expect(all.runs.map((r) => [r.run_id, r.record?.status, r.orphaned])).toEqual([
      ['a', 'succeeded', false],
      ['b', 'running', false],
      ['c', 'interrupted', true],
      ['d', undefined, false],
    ]);
    expect(all.runs[0]?.checkpoints).toHaveLength(1);
    expect(all.diagnostics).toHaveLength(1);
    expect(all.diagnostics[0]?.path).toBe(layout(dir()).runFile('d'));

    expect(listRuns(dir(), { status: 'running' }).runs.map((r) => r.run_id)).toEqual(['b']);
    // A later clock: b's lease is stale, so b is orphaned.
    const later = listRuns(dir(), { now: Date.now() + 3_600_000 });
    expect(later.runs.find((r) => r.run_id === 'b')?.orphaned).toBe(true);
  });
});
