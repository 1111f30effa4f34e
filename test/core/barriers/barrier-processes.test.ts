import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNode, type ProcessResult } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('barrier-procs');

const WAIT = 'test/core/barriers/fixtures/wait.ts';
const ARRIVE = 'test/core/barriers/fixtures/arrive.ts';
/** The waiter's poll fallback: longer than any wait here, so only a file event can wake it. */
const POLL_MS = 60_000;

async function untilExists(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function startWaiter(
  agents: string,
  timeoutMs: number,
): {
  done: Promise<ProcessResult>;
  ready: Promise<void>;
} {
  const readyFile = path.join(dir(), 'waiter.ready');
  const done = runNode(
    WAIT,
    [dir(), 'sync', agents, String(timeoutMs), String(POLL_MS), readyFile],
    {
      timeoutMs: 30_000,
    },
  );
  return { done, ready: untilExists(readyFile, 20_000) };
}

async function arriveAfter(agent: string, delayMs: number): Promise<{ arrived_at_ms: number }> {
  await new Promise((r) => setTimeout(r, delayMs));
  const r = await runNode(ARRIVE, [dir(), 'sync', agent], { timeoutMs: 20_000 });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { arrived_at_ms: number };
}

describe('barriers across processes', () => {
  it('wakes the waiter promptly after the last of three staggered arrivals', async () => {
    const waiter = startWaiter('a,b,c', 20_000);
    await waiter.ready;
    const arrivals = await Promise.all([
      arriveAfter('a', 0),
      arriveAfter('b', 300),
      arriveAfter('c', 700),
    ]);
    const result = JSON.parse((await waiter.done).stdout) as {
      status: string;
      missing: string[];
      arrived: Array<{ agent: string }>;
      woke_at_ms: number;
    };
    expect(result.status).toBe('complete');
    expect(result.missing).toEqual([]);
    expect(result.arrived.map((a) => a.agent).sort()).toEqual(['a', 'b', 'c']);
    const last = Math.max(...arrivals.map((a) => a.arrived_at_ms));
    expect(result.woke_at_ms).toBeGreaterThanOrEqual(last);
    // Polling alone could take up to POLL_MS; a file event wakes it almost at once.
    expect(result.woke_at_ms - last).toBeLessThan(1_500);
  });

  it('times out when one agent never arrives, naming it', async () => {
    // Arrivals first: on a loaded machine starting them could take longer than the timeout.
    await Promise.all([arriveAfter('a', 0), arriveAfter('b', 0)]);
    const waiter = startWaiter('a,b,never', 1_500);
    await waiter.ready;
    const result = JSON.parse((await waiter.done).stdout) as {
      status: string;
      missing: string[];
      arrived: Array<{ agent: string }>;
      waited_ms: number;
    };
    expect(result.status).toBe('timeout');
    expect(result.missing).toEqual(['never']);
    expect(result.arrived.map((a) => a.agent).sort()).toEqual(['a', 'b']);
    expect(result.waited_ms).toBeGreaterThanOrEqual(1_495);
    expect(result.waited_ms).toBeLessThan(3_000);
  });
});
