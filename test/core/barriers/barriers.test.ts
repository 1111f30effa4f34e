import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { arriveBarrier } from '../../../core/barriers/arrive-barrier.ts';
import { barrierStatus, listBarriers } from '../../../core/barriers/barrier-status.ts';
import { waitBarrier } from '../../../core/barriers/wait-barrier.ts';
import { BatonError } from '../../../core/errors.ts';
import { layout } from '../../../core/layout.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('barriers');

describe('arriveBarrier + barrierStatus', () => {
  it('records arrivals and reports who is missing, earliest arrival first', () => {
    const record = arriveBarrier(dir(), 'green', 'b', { note: 'done', now: 2_000 });
    arriveBarrier(dir(), 'green', 'a', { now: 1_000 });
    expect(record).toEqual({
      schema: 'baton.barrier_arrival.v1',
      barrier: 'green',
      agent: 'b',
      arrived_at_ms: 2_000,
      note: 'done',
    });
    expect(JSON.parse(fs.readFileSync(layout(dir()).barrierFile('green', 'b'), 'utf8'))).toEqual(
      record,
    );
    expect(barrierStatus(dir(), 'green', ['a', 'b', 'c'])).toEqual({
      name: 'green',
      arrived: [
        { agent: 'a', arrived_at_ms: 1_000 },
        { agent: 'b', arrived_at_ms: 2_000, note: 'done' },
      ],
      missing: ['c'],
      complete: false,
      expected: ['a', 'b', 'c'],
      diagnostics: [],
    });
    expect(barrierStatus(dir(), 'green', ['b', 'a']).complete).toBe(true);
    // Nothing expected: nothing missing, and not complete.
    expect(barrierStatus(dir(), 'green')).toMatchObject({ missing: [], complete: false });
  });

  it('refuses bad names before writing anything', () => {
    expect(() => arriveBarrier(dir(), '../x', 'a')).toThrow(BatonError);
    expect(() => arriveBarrier(dir(), 'x', 'a/b')).toThrow(/agent id/);
    expect(() => barrierStatus(dir(), 'x', ['ok', ''])).toThrow(BatonError);
    expect(fs.existsSync(layout(dir()).barriersDir)).toBe(false);
  });

  it('does not count unreadable or mislabelled arrival files, and says why', () => {
    arriveBarrier(dir(), 'g', 'a');
    const barrierDir = layout(dir()).barrierDir('g');
    fs.writeFileSync(path.join(barrierDir, 'b.json'), '{oops');
    fs.writeFileSync(
      path.join(barrierDir, 'c.json'),
      JSON.stringify({
        schema: 'baton.barrier_arrival.v1',
        barrier: 'g',
        agent: 'z',
        arrived_at_ms: 1,
      }),
    );
    fs.writeFileSync(path.join(barrierDir, 'd.json.tmp-1-ab'), '{');
    const status = barrierStatus(dir(), 'g', ['a', 'b', 'c']);
    expect(status.arrived.map((a) => a.agent)).toEqual(['a']);
    expect(status.missing).toEqual(['b', 'c']);
    expect(status.diagnostics.map((d) => path.basename(d.path)).sort()).toEqual([
      'b.json',
      'c.json',
    ]);
  });

  it('lists every barrier with its arrivals', () => {
    arriveBarrier(dir(), 'two', 'x');
    arriveBarrier(dir(), 'one', 'y');
    arriveBarrier(dir(), 'one', 'z');
    expect(listBarriers(dir()).map((b) => [b.name, b.arrived.length])).toEqual([
      ['one', 2],
      ['two', 1],
    ]);
  });
});

describe('waitBarrier (in process)', () => {
  it('resolves at once when everyone already arrived', async () => {
    arriveBarrier(dir(), 'g', 'a');
    const result = await waitBarrier(dir(), 'g', ['a'], { timeout_ms: 5_000 });
    expect(result).toMatchObject({ status: 'complete', missing: [], waited_ms: 0 });
  });

  it('wakes on the arrival file, long before the poll interval', async () => {
    const started = Date.now();
    const waiting = waitBarrier(dir(), 'g', ['a'], { timeout_ms: 10_000, poll_ms: 8_000 });
    setTimeout(() => arriveBarrier(dir(), 'g', 'a'), 100);
    const result = await waiting;
    expect(result.status).toBe('complete');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('times out at its deadline naming who is missing', async () => {
    arriveBarrier(dir(), 'g', 'a');
    const started = Date.now();
    const result = await waitBarrier(dir(), 'g', ['a', 'b'], { timeout_ms: 300, poll_ms: 50 });
    const took = Date.now() - started;
    expect(result).toMatchObject({ status: 'timeout', missing: ['b'], complete: false });
    expect(took).toBeGreaterThanOrEqual(295);
    expect(took).toBeLessThan(1_500);
  });

  it('rejects bad arguments synchronously', () => {
    expect(() => waitBarrier(dir(), 'g', [], { timeout_ms: 10 })).toThrow(/at least one agent/);
    expect(() => waitBarrier(dir(), 'g', ['a'], { timeout_ms: -1 })).toThrow(/timeout_ms/);
    expect(() => waitBarrier(dir(), 'g', ['a'], { timeout_ms: 1, poll_ms: 0 })).toThrow(/poll_ms/);
  });
});
