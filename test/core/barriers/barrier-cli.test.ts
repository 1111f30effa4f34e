import { describe, expect, it } from 'vitest';
import { arriveBarrier } from '../../../core/barriers/arrive-barrier.ts';
import { EXIT } from '../../../core/cli/exit-codes.ts';
import { runBaton } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('barrier-cli');

async function baton(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = await runBaton(['--dir', dir(), ...args], { env, timeoutMs: 30_000 });
  const json = args.includes('--json') ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
  return { ...r, json };
}

describe('baton barrier', () => {
  it('arrives, reports status, and waits: 0 when complete, 124 on timeout', async () => {
    arriveBarrier(dir(), 'green', 'a');
    const byEnv = await baton(['barrier', 'arrive', 'green', '--note', 'ok', '--json'], {
      BATON_AGENT_ID: 'b',
    });
    expect(byEnv.json).toMatchObject({ agent: 'b', barrier: 'green', note: 'ok' });
    const [status, done, timedOut] = await Promise.all([
      baton(['barrier', 'status', 'green', '--agents', 'a,b,c', '--json']),
      baton(['barrier', 'wait', 'green', '--agents', 'a,b', '--timeout', '5000']),
      baton(['barrier', 'wait', 'green', '--agents', 'a,b,c', '--timeout', '300', '--json']),
    ]);
    expect(status.json).toMatchObject({ missing: ['c'], complete: false });
    expect((status.json.arrived as Array<{ agent: string }>).map((a) => a.agent).sort()).toEqual([
      'a',
      'b',
    ]);
    expect(done.code).toBe(EXIT.ok);
    expect(timedOut.code).toBe(EXIT.timeout);
    expect(timedOut.json).toMatchObject({ status: 'timeout', missing: ['c'] });
  });
});

describe('baton barrier: declared expectations', () => {
  it('expect, arrive --expect and wait declare whom the barrier expects; status reads them', async () => {
    const declared = await baton([
      'barrier',
      'expect',
      'g',
      '--agents',
      'a,b',
      '--by',
      'coord',
      '--json',
    ]);
    expect(declared.code).toBe(EXIT.ok);
    expect(declared.json).toMatchObject({ by: 'coord', agents: ['a', 'b'] });
    const arrived = await baton(['barrier', 'arrive', 'g', '--expect-count', '3', '--json'], {
      BATON_AGENT_ID: 'a',
    });
    expect(arrived.json).toMatchObject({ agent: 'a', expectation: { by: 'a', count: 3 } });
    const status = await baton(['barrier', 'status', 'g', '--json']);
    expect(status.json).toMatchObject({
      expected: ['a', 'b'],
      expected_count: 3,
      missing: ['b'],
      complete: false,
    });
    const human = await baton(['barrier', 'status', 'g']);
    expect(human.stdout).toContain('expected by coord: a, b');
    expect(human.stdout).toContain('missing: b, 1 more');
    // wait declares its list as the waiter's (here c), unless --no-declare.
    const waited = await baton(
      ['barrier', 'wait', 'g', '--agents', 'a,c', '--timeout', '100', '--json'],
      { BATON_AGENT_ID: 'w' },
    );
    expect(waited.code).toBe(EXIT.timeout);
    await baton([
      'barrier',
      'wait',
      'g',
      '--agents',
      'z',
      '--timeout',
      '50',
      '--by',
      'x',
      '--no-declare',
    ]);
    const after = await baton(['barrier', 'status', 'g', '--json']);
    expect(after.json).toMatchObject({ expected: ['a', 'b', 'c'], missing: ['b', 'c'] });
    expect((after.json.declarations as Array<{ by: string }>).map((d) => d.by).sort()).toEqual([
      'a',
      'coord',
      'w',
    ]);
    const bad = await baton(['barrier', 'expect', 'g', '--by', 'coord', '--json']);
    expect(bad.code).toBe(EXIT.usage);
  });
});
