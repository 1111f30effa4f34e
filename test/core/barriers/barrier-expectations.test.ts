import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { arriveBarrier } from '../../../core/barriers/arrive-barrier.ts';
import { BarrierExpectationSchema } from '../../../core/barriers/barrier-schema.ts';
import { barrierStatus, listBarriers } from '../../../core/barriers/barrier-status.ts';
import { declareBarrier } from '../../../core/barriers/declare-barrier.ts';
import { waitBarrier } from '../../../core/barriers/wait-barrier.ts';
import { BatonError } from '../../../core/errors.ts';
import { layout } from '../../../core/layout.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('barrier-expectations');

describe('declareBarrier', () => {
  it('writes expected/<by>.json, which status then uses when the caller names nobody', () => {
    const record = declareBarrier(dir(), 'green', 'coord', { agents: ['a', 'b', 'a'] }, { now: 5 });
    expect(record).toEqual({
      schema: 'baton.barrier_expectation.v1',
      barrier: 'green',
      by: 'coord',
      declared_at_ms: 5,
      agents: ['a', 'b'],
    });
    const file = layout(dir()).barrierExpectationFile('green', 'coord');
    expect(file).toBe(path.join(dir(), 'barriers', 'green', 'expected', 'coord.json'));
    expect(BarrierExpectationSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')))).toEqual(
      record,
    );
    arriveBarrier(dir(), 'green', 'a', { now: 10 });
    expect(barrierStatus(dir(), 'green')).toEqual({
      name: 'green',
      arrived: [{ agent: 'a', arrived_at_ms: 10 }],
      missing: ['b'],
      complete: false,
      expected: ['a', 'b'],
      declarations: [{ by: 'coord', declared_at_ms: 5, agents: ['a', 'b'] }],
      diagnostics: [],
    });
    arriveBarrier(dir(), 'green', 'b');
    expect(barrierStatus(dir(), 'green')).toMatchObject({ missing: [], complete: true });
    // A caller's own list still wins, as before.
    expect(barrierStatus(dir(), 'green', ['c'])).toMatchObject({
      expected: ['c'],
      missing: ['c'],
      complete: false,
    });
  });

  it('combines declarations: every agent any of them names, and the largest count', () => {
    declareBarrier(dir(), 'g', 'coord', { agents: ['a', 'b'] }, { now: 1 });
    declareBarrier(dir(), 'g', 'waiter', { agents: ['c'], count: 4 }, { now: 2 });
    arriveBarrier(dir(), 'g', 'a');
    arriveBarrier(dir(), 'g', 'b');
    arriveBarrier(dir(), 'g', 'c');
    const short = barrierStatus(dir(), 'g');
    expect(short).toMatchObject({
      expected: ['a', 'b', 'c'],
      expected_count: 4,
      missing: [],
      complete: false,
    });
    expect(short.declarations?.map((d) => d.by)).toEqual(['coord', 'waiter']);
    arriveBarrier(dir(), 'g', 'someone-else');
    expect(barrierStatus(dir(), 'g').complete).toBe(true);
    // Declaring again replaces the declarer's earlier expectation.
    declareBarrier(dir(), 'g', 'waiter', { agents: ['d'] }, { now: 3 });
    expect(barrierStatus(dir(), 'g')).toMatchObject({ expected: ['a', 'b', 'd'], missing: ['d'] });
    expect(barrierStatus(dir(), 'g').expected_count).toBeUndefined();
  });

  it('a count alone: complete once that many have arrived, nobody named', () => {
    declareBarrier(dir(), 'shards', 'coord', { count: 2 });
    arriveBarrier(dir(), 'shards', 'x');
    const one = barrierStatus(dir(), 'shards');
    expect(one).toMatchObject({ expected_count: 2, missing: [], complete: false });
    expect(one.expected).toBeUndefined();
    arriveBarrier(dir(), 'shards', 'y');
    expect(barrierStatus(dir(), 'shards').complete).toBe(true);
  });

  it('refuses what cannot be a declaration, before writing anything', () => {
    const refuse = (fn: () => unknown, message: RegExp) => {
      expect(fn).toThrow(BatonError);
      expect(fn).toThrow(message);
    };
    refuse(() => declareBarrier(dir(), 'g', 'coord', {}), /agents or a count/);
    refuse(() => declareBarrier(dir(), 'g', 'coord', { agents: [] }), /agents or a count/);
    refuse(() => declareBarrier(dir(), 'g', 'coord', { count: 0 }), /positive integer/);
    refuse(() => declareBarrier(dir(), 'g', 'coord', { count: 1.5 }), /positive integer/);
    refuse(() => declareBarrier(dir(), 'g', 'coord', { agents: ['a', 'b'], count: 1 }), /smaller/);
    refuse(() => declareBarrier(dir(), 'g', 'coord', { agents: ['a/b'] }), /agent id/);
    refuse(() => declareBarrier(dir(), 'g', '../x', { count: 1 }), /agent id/);
    refuse(() => declareBarrier(dir(), '..', 'coord', { count: 1 }), /barrier name/);
    expect(fs.existsSync(layout(dir()).barriersDir)).toBe(false);
  });

  it('reports bad declaration files as diagnostics and does not count them', () => {
    arriveBarrier(dir(), 'g', 'a');
    const expectedDir = layout(dir()).barrierExpectedDir('g');
    fs.mkdirSync(expectedDir);
    fs.writeFileSync(path.join(expectedDir, 'x.json'), '{oops');
    const valid = { schema: 'baton.barrier_expectation.v1', barrier: 'g', declared_at_ms: 1 };
    const write = (file: string, value: object) =>
      fs.writeFileSync(path.join(expectedDir, file), JSON.stringify(value));
    write('y.json', { ...valid, by: 'z', agents: ['b'] }); // names another declarer
    write('w.json', { ...valid, by: 'w' }); // declares nothing
    write('v.json', { ...valid, by: 'v', agents: ['b', 'c'], count: 1 }); // count too small
    const status = barrierStatus(dir(), 'g');
    expect(status).toMatchObject({ missing: [], complete: false });
    expect(status.declarations).toBeUndefined();
    expect(status.diagnostics.map((d) => path.basename(d.path)).sort()).toEqual([
      'v.json',
      'w.json',
      'x.json',
      'y.json',
    ]);
  });

  it('keeps old barriers as they were: no expectation fields, and listed like any other', () => {
    arriveBarrier(dir(), 'old', 'a', { now: 1 });
    expect(barrierStatus(dir(), 'old')).toEqual({
      name: 'old',
      arrived: [{ agent: 'a', arrived_at_ms: 1 }],
      missing: [],
      complete: false,
      diagnostics: [],
    });
    // A barrier that only has a declaration so far is a barrier too.
    declareBarrier(dir(), 'planned', 'coord', { agents: ['a'] });
    expect(listBarriers(dir()).map((b) => [b.name, b.missing])).toEqual([
      ['old', []],
      ['planned', ['a']],
    ]);
  });

  it('waitBarrier with declare_as records whom it waits for before waiting', async () => {
    arriveBarrier(dir(), 'g', 'a');
    const result = await waitBarrier(dir(), 'g', ['a', 'b'], {
      timeout_ms: 100,
      poll_ms: 20,
      declare_as: 'waiter',
    });
    expect(result).toMatchObject({ status: 'timeout', missing: ['b'] });
    expect(barrierStatus(dir(), 'g')).toMatchObject({
      expected: ['a', 'b'],
      missing: ['b'],
      declarations: [{ by: 'waiter', agents: ['a', 'b'] }],
    });
    // Without it, a wait leaves no declaration (as before).
    await waitBarrier(dir(), 'h', ['a'], { timeout_ms: 10 });
    expect(barrierStatus(dir(), 'h').declarations).toBeUndefined();
    expect(() =>
      waitBarrier(dir(), 'g', ['a'], { timeout_ms: 10, declare_as: 'bad/name' }),
    ).toThrow(/agent id/);
  });
});
