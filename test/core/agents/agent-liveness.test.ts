import { spawn } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  agentLiveness,
  heldPaths,
  livenessDeadline,
  nextLockExpiry,
} from '../../../core/agents/agent-liveness.ts';
import { isLocalPidAlive, isPidAliveOnThisHost } from '../../../core/host/pid-alive.ts';

const base = { state: 'active' as const, last_seen_ms: 1_000, timeout_ms: 45_000 };

describe('agentLiveness', () => {
  it('is active up to the timeout and crashed just past it', () => {
    expect(agentLiveness(base, 46_000)).toBe('active');
    expect(agentLiveness(base, 46_001)).toBe('crashed');
  });

  it('is gone when the record says so, whatever the clock', () => {
    expect(agentLiveness({ ...base, state: 'gone' }, 1_000)).toBe('gone');
    expect(agentLiveness({ ...base, state: 'gone' }, 1e12)).toBe('gone');
  });

  it('is crashed at once when the pid check says the process is dead', () => {
    const dead = () => false;
    expect(agentLiveness({ ...base, pid: 4242, host: 'h' }, 1_000, dead)).toBe('crashed');
    expect(agentLiveness({ ...base, pid: 4242, host: 'h' }, 1_000, () => true)).toBe('active');
    // no pid recorded: only the timeout can tell
    expect(agentLiveness(base, 1_000, dead)).toBe('active');
  });

  it('passes the recorded pid and host to the check', () => {
    const seen: unknown[] = [];
    agentLiveness({ ...base, pid: 7, host: 'box' }, 1_000, (pid, host) => {
      seen.push(pid, host);
      return true;
    });
    expect(seen).toEqual([7, 'box']);
  });
});

describe('livenessDeadline', () => {
  it('is the first instant the timeout rule reads crashed; none for gone', () => {
    const deadline = livenessDeadline(base)!;
    expect(deadline).toBe(46_001);
    expect(agentLiveness(base, deadline - 1)).toBe('active');
    expect(agentLiveness(base, deadline)).toBe('crashed');
    expect(livenessDeadline({ ...base, state: 'gone' })).toBeUndefined();
  });
});

describe('heldPaths and nextLockExpiry', () => {
  const record = { locked_paths: { a: 9_000, b: 5_000, c: 7_000 } };

  it('keeps only unexpired locks of an active agent', () => {
    expect(heldPaths(record, 'active', 5_000)).toEqual({ a: 9_000, c: 7_000 });
    expect(heldPaths(record, 'crashed', 0)).toEqual({});
    expect(heldPaths(record, 'gone', 0)).toEqual({});
  });

  it('gives the earliest expiry still ahead', () => {
    expect(nextLockExpiry(record, 5_000)).toBe(7_000);
    expect(nextLockExpiry(record, 9_000)).toBeUndefined();
  });
});

describe('isPidAliveOnThisHost and isLocalPidAlive (real processes)', () => {
  it('says a running process is alive and an exited one dead', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], {
      stdio: 'ignore',
    });
    const pid = child.pid!;
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      expect(isPidAliveOnThisHost(pid, os.hostname())).toBe(true);
      expect(isLocalPidAlive(pid)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
    await exited;
    await new Promise((resolve) => setImmediate(resolve)); // let Node reap the zombie
    expect(isPidAliveOnThisHost(pid, os.hostname())).toBe(false);
    expect(isLocalPidAlive(pid)).toBe(false);
    expect(agentLiveness({ ...base, pid, host: os.hostname() }, 1_000, isPidAliveOnThisHost)).toBe(
      'crashed',
    );
  });

  it('cannot judge another host, a missing host or a non-positive pid: alive', () => {
    expect(isPidAliveOnThisHost(process.pid, os.hostname())).toBe(true);
    expect(isPidAliveOnThisHost(999_999_999, `${os.hostname()}-elsewhere`)).toBe(true);
    expect(isPidAliveOnThisHost(999_999_999, undefined)).toBe(true);
    expect(isPidAliveOnThisHost(0, os.hostname())).toBe(true);
    expect(isPidAliveOnThisHost(-1, os.hostname())).toBe(true);
    expect([0, -1, 1.5].map(isLocalPidAlive)).toEqual([true, true, true]);
  });

  it('treats a pid of another user (EPERM) as alive', () => {
    // pid 1 exists on every Unix; unless we are root, signalling it fails with EPERM.
    expect(isPidAliveOnThisHost(1, os.hostname())).toBe(true);
    expect(isLocalPidAlive(1)).toBe(true);
  });
});
