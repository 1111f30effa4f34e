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
