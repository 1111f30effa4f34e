import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { heartbeat } from '../../../core/agents/heartbeat.ts';
import { PATH_LOCK_GUARD_RESOURCE } from '../../../core/agents/path-lock-guard.ts';
import { pathHolder, releasePath, tryLockPath } from '../../../core/agents/path-locks.ts';
import { readAgent } from '../../../core/agents/read-agents.ts';
import { unregisterAgent } from '../../../core/agents/unregister-agent.ts';
import { BatonError } from '../../../core/errors.ts';
import { acquireLease, releaseLease } from '../../../core/leases/index.ts';
import { runNode } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('agents-locks');
const alive = () => true;
const at = (now: number) => ({ now, isPidAlive: alive });

describe('tryLockPath / releasePath / pathHolder', () => {
  it('grants a free path, refuses it to another agent, and names the holder', async () => {
    heartbeat(dir(), 'a', { now: 0 });
    heartbeat(dir(), 'b', { now: 0 });
    expect(await tryLockPath(dir(), 'a', 'src/f.ts', { ttl_ms: 1_000, ...at(0) })).toEqual({
      granted: true,
      holder: 'a',
      expires_at_ms: 1_000,
    });
    expect(await tryLockPath(dir(), 'b', 'src/f.ts', { ttl_ms: 1_000, ...at(100) })).toEqual({
      granted: false,
      holder: 'a',
      expires_at_ms: 1_000,
    });
    expect(pathHolder(dir(), 'src/f.ts', at(100))).toBe('a');
    expect(pathHolder(dir(), 'src/other.ts', at(100))).toBeUndefined();
    // the refused agent's record is untouched
    expect(readAgent(dir(), 'b', at(100))?.record?.locked_paths).toEqual({});
  });

  it('hands an expired lock over (the seed case: past expiry, B takes over)', async () => {
    heartbeat(dir(), 'a', { now: 0 });
    await tryLockPath(dir(), 'a', 'f.rs', { ttl_ms: 1_000, ...at(0) });
    expect((await tryLockPath(dir(), 'b', 'f.rs', { ttl_ms: 1_000, ...at(5_000) })).granted).toBe(
      true,
    );
    expect(pathHolder(dir(), 'f.rs', at(5_000))).toBe('b');
  });

  it('lets the holder re-lock to extend, and uses a 30 s default TTL', async () => {
    expect((await tryLockPath(dir(), 'a', 'x', at(0))).expires_at_ms).toBe(30_000);
    expect((await tryLockPath(dir(), 'a', 'x', { ttl_ms: 50_000, ...at(10) })).expires_at_ms).toBe(
      50_010,
    );
    expect(readAgent(dir(), 'a', at(10))?.held_paths).toEqual({ x: 50_010 });
  });

  it('counts as a sign of life and registers a missing agent', async () => {
    heartbeat(dir(), 'a', { now: 0 });
    await tryLockPath(dir(), 'a', 'x', at(40_000));
    expect(readAgent(dir(), 'a', at(40_000))?.record?.last_seen_ms).toBe(40_000);
    await tryLockPath(dir(), 'new', 'y', {
      ...at(5),
      register: { name: 'Newcomer', pid: process.pid },
    });
    expect(readAgent(dir(), 'new', at(5))?.record).toMatchObject({
      name: 'Newcomer',
      pid: process.pid,
      started_at_ms: 5,
      locked_paths: { y: 30_005 },
    });
  });

  it("treats a crashed (silent) holder's locks as released", async () => {
    heartbeat(dir(), 'a', { now: 0 });
    await tryLockPath(dir(), 'a', 'x', { ttl_ms: 600_000, ...at(0) });
    expect(pathHolder(dir(), 'x', at(45_000))).toBe('a');
    expect(pathHolder(dir(), 'x', at(45_001))).toBeUndefined();
    expect((await tryLockPath(dir(), 'b', 'x', at(45_001))).granted).toBe(true);
    // a resurrected a does not get its old lock back
    heartbeat(dir(), 'a', { now: 50_000, isPidAlive: alive });
    expect(pathHolder(dir(), 'x', at(50_000))).toBe('b');
  });

  it('treats a holder whose process died as crashed at once (real dead pid)', async () => {
    const exited = await runNode('test/core/agents/fixtures/print-pid.ts');
    const deadPid = Number(exited.stdout);
    heartbeat(dir(), 'a', { pid: process.pid });
    await tryLockPath(dir(), 'a', 'x', { ttl_ms: 600_000 });
    heartbeat(dir(), 'a', { pid: deadPid }); // the agent's process is now one that has exited
    expect(readAgent(dir(), 'a')?.liveness).toBe('crashed');
    expect(pathHolder(dir(), 'x')).toBeUndefined();
    expect((await tryLockPath(dir(), 'b', 'x', { register: { pid: process.pid } })).granted).toBe(
      true,
    );
    // and the dead agent cannot lock in its own name
    await expect(tryLockPath(dir(), 'a', 'y')).rejects.toThrow(/is crashed/);
    expect(Object.keys(readAgent(dir(), 'a')?.record?.locked_paths ?? {})).toEqual(['x']);
  });

  it("treats a gone holder's locks as released", async () => {
    heartbeat(dir(), 'a', { now: 0 });
    await tryLockPath(dir(), 'a', 'x', at(0));
    unregisterAgent(dir(), 'a');
    expect(pathHolder(dir(), 'x', at(1))).toBeUndefined();
    expect((await tryLockPath(dir(), 'b', 'x', at(1))).granted).toBe(true);
  });

  it('releases only the caller’s own lock and is a no-op otherwise', async () => {
    await tryLockPath(dir(), 'a', 'x', at(0));
    await tryLockPath(dir(), 'a', 'y', at(0));
    expect(await releasePath(dir(), 'b', 'x')).toEqual({ released: false });
    expect(await releasePath(dir(), 'a', 'x')).toEqual({ released: true });
    expect(await releasePath(dir(), 'a', 'x')).toEqual({ released: false });
    expect(readAgent(dir(), 'a', at(0))?.record?.locked_paths).toEqual({ y: 30_000 });
    expect((await tryLockPath(dir(), 'b', 'x', at(100))).granted).toBe(true);
  });

  it('rejects bad input before touching anything', async () => {
    const cases: [string, string, object][] = [
      ['../a', 'x', {}],
      ['a', '', {}],
      ['a', '/abs', {}],
      ['a', 'a/../b', {}],
      ['a', 'a//b', {}],
      ['a', 'trailing/', {}],
      ['a', '__proto__', {}],
      ['a', 'x', { ttl_ms: 0 }],
      ['a', 'x', { ttl_ms: 2.5 }],
      ['a', 'x', { register: { pid: 0 } }],
    ];
    for (const [agent, lockPath, options] of cases) {
      await expect(
        tryLockPath(dir(), agent, lockPath, options),
        `${agent} ${lockPath}`,
      ).rejects.toThrow(BatonError);
    }
    await expect(releasePath(dir(), 'a', '../x')).rejects.toThrow(BatonError);
    expect(() => pathHolder(dir(), '/x')).toThrow(BatonError);
    expect(fs.readdirSync(dir())).toEqual([]);
    const missing = `${dir()}/typo`;
    await expect(tryLockPath(missing, 'a', 'x')).rejects.toMatchObject({ code: 'not_found' });
    await expect(releasePath(missing, 'a', 'x')).rejects.toMatchObject({ code: 'not_found' });
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('waits for the guard while another process holds it and times out when bounded', async () => {
    const held = acquireLease(dir(), PATH_LOCK_GUARD_RESOURCE, {
      ttl_ms: 60_000,
      owner: 'someone-else',
    });
    if (!held.acquired) throw new Error(held.message);
    await expect(tryLockPath(dir(), 'a', 'x', { guard_wait_ms: 150 })).rejects.toMatchObject({
      code: 'timeout',
    });
    const pending = tryLockPath(dir(), 'a', 'x', { register: { pid: process.pid } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    releaseLease(dir(), PATH_LOCK_GUARD_RESOURCE, { token: held.token });
    expect((await pending).granted).toBe(true);
  });

  it('takes over a guard left by a crashed process once it expires', async () => {
    const held = acquireLease(dir(), PATH_LOCK_GUARD_RESOURCE, { ttl_ms: 300, owner: 'crashed' });
    expect(held.acquired).toBe(true);
    const started = Date.now();
    expect((await tryLockPath(dir(), 'a', 'x', { register: { pid: process.pid } })).granted).toBe(
      true,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});
