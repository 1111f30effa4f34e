import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatonError } from '../../../core/errors.ts';
import { acquireLease, readLease, releaseLease } from '../../../core/leases/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { tombstonesCleared } from './race-support.ts';

const dir = useTempDir('leases-acquire');

const lockDir = (resource: string) => path.join(dir(), 'locks', `${resource}.lock.d`);

/** Make `<lock>.reap.d` look like a guard left by `owner` (a lease record moved into place). */
function plantGuard(resource: string, owner: { id: string; pid: number }, ttl = 60_000): void {
  const made = acquireLease(dir(), 'planted-guard', { owner, ttl_ms: ttl });
  if (!made.acquired) throw new Error('setup');
  fs.renameSync(lockDir('planted-guard'), lockDir(resource) + '.reap.d');
}

function deadPid(): number {
  return Number(
    execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']),
  );
}

describe('acquireLease', () => {
  it('creates the lock directory with a full owner record and a unique token', () => {
    const lease = acquireLease(dir(), 'src/main.ts', {
      ttl_ms: 60_000,
      owner: { id: 'builder-1', agent: 'claude', run_id: 'r1' },
      reason: 'refactor',
      refs: ['task-7'],
    });
    if (!lease.acquired) throw new Error(lease.message);
    expect(lease.lock_path).toBe(lockDir('src/main.ts'));
    expect(lease.record_path).toBe(path.join(lockDir('src/main.ts'), 'owner.json'));
    const onDisk = JSON.parse(fs.readFileSync(lease.record_path, 'utf8')) as Record<
      string,
      unknown
    >;
    expect(onDisk).toEqual(lease.record);
    expect(lease.record).toMatchObject({
      schema: 'harn.coordination.dir_lock.v1',
      resource_path: 'src/main.ts',
      token: lease.token,
      owner: {
        id: 'builder-1',
        agent: 'claude',
        run_id: 'r1',
        pid: process.pid,
        host: os.hostname(),
      },
      reason: 'refactor',
      refs: ['task-7'],
      ttl_ms: 60_000,
      renewals: 0,
    });
    expect(lease.record.expires_at_ms - lease.record.acquired_at_ms).toBe(60_000);
    releaseLease(dir(), 'src/main.ts', { token: lease.token });
    const again = acquireLease(dir(), 'src/main.ts');
    expect(again.acquired && again.token).not.toBe(lease.token);
  });

  it('defaults: 10 minute TTL and an owner naming this process', () => {
    const lease = acquireLease(dir(), 'a');
    if (!lease.acquired) throw new Error(lease.message);
    expect(lease.record.ttl_ms).toBe(600_000);
    expect(lease.record.owner).toMatchObject({ pid: process.pid, host: os.hostname() });
    expect(lease.record.owner.id).toContain(String(process.pid));
  });

  it('returns a structured conflict naming holder, state and expiry (and can throw it)', () => {
    const held = acquireLease(dir(), 'a', { owner: { id: 'builder-1', run_id: 'run-9' } });
    if (!held.acquired) throw new Error('setup');
    const conflict = acquireLease(dir(), 'a', { owner: 'builder-2' });
    expect(conflict).toMatchObject({
      acquired: false,
      status: 'conflict',
      reason: 'active',
      resource_path: 'a',
      lock_path: lockDir('a'),
      record_path: path.join(lockDir('a'), 'owner.json'),
      holder: { token: held.token },
    });
    if (conflict.acquired) throw new Error('unreachable');
    expect(conflict.message).toContain(`lease is held: ${lockDir('a')} (state: active)`);
    expect(conflict.message).toContain('- owner: builder-1');
    expect(conflict.message).toContain('- run: run-9');
    expect(conflict.message).toContain(`- expires_at_ms: ${held.record.expires_at_ms}`);

    let thrown: unknown;
    try {
      acquireLease(dir(), 'a', { throw_on_conflict: true });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BatonError);
    expect((thrown as BatonError).code).toBe('conflict');
    expect((thrown as BatonError).detail).toMatchObject({
      reason: 'active',
      holder: { token: held.token },
    });
  });

  it('takes over an expired lease (reporting what it removed) unless take_stale is false', async () => {
    const old = acquireLease(dir(), 'a', { ttl_ms: 0, owner: 'crashed' });
    if (!old.acquired) throw new Error('setup');
    const refused = acquireLease(dir(), 'a', { take_stale: false });
    expect(refused).toMatchObject({
      acquired: false,
      reason: 'stale',
      holder: { token: old.token },
    });
    const taken = acquireLease(dir(), 'a', { owner: 'new' });
    if (!taken.acquired) throw new Error(taken.message);
    expect(taken.stale_removed?.token).toBe(old.token);
    expect(readLease(dir(), 'a').record?.token).toBe(taken.token);
    // Only the new lock remains: no guard, no tombstone.
    await tombstonesCleared(dir());
    expect(fs.readdirSync(path.join(dir(), 'locks'))).toEqual(['a.lock.d']);
  });

  it('does not take over an unrecorded, malformed or suspect-skew lock', () => {
    fs.mkdirSync(lockDir('u'), { recursive: true });
    const old = (Date.now() - 60_000) / 1000;
    fs.utimesSync(lockDir('u'), old, old);
    expect(acquireLease(dir(), 'u')).toMatchObject({ acquired: false, reason: 'unrecorded' });
    fs.mkdirSync(lockDir('m'));
    fs.writeFileSync(path.join(lockDir('m'), 'owner.json'), 'garbage');
    expect(acquireLease(dir(), 'm')).toMatchObject({ acquired: false, reason: 'malformed' });
    fs.mkdirSync(lockDir('fresh'));
    expect(acquireLease(dir(), 'fresh')).toMatchObject({ acquired: false, reason: 'acquiring' });
  });

  it('reports a takeover in progress when a live process holds the guard', () => {
    acquireLease(dir(), 'a', { ttl_ms: 0, owner: 'crashed' });
    plantGuard('a', { id: 'reaper', pid: process.pid });
    const result = acquireLease(dir(), 'a');
    expect(result).toMatchObject({ acquired: false, reason: 'stale' });
    if (result.acquired) throw new Error('unreachable');
    expect(result.message).toContain('stale takeover in progress by reaper');
  });

  it('clears a guard whose holder died, or that expired, then takes over', async () => {
    acquireLease(dir(), 'a', { ttl_ms: 0, owner: 'crashed' });
    plantGuard('a', { id: 'dead-reaper', pid: deadPid() });
    expect(acquireLease(dir(), 'a')).toMatchObject({ acquired: true });

    acquireLease(dir(), 'b', { ttl_ms: 0, owner: 'crashed' });
    plantGuard('b', { id: 'slow-reaper', pid: process.pid }, 0);
    expect(acquireLease(dir(), 'b')).toMatchObject({ acquired: true });
    await tombstonesCleared(dir());
    expect(fs.readdirSync(path.join(dir(), 'locks')).sort()).toEqual(['a.lock.d', 'b.lock.d']);
  });

  it('takes over an expired record written by another tool (no seal), as the seed does', () => {
    fs.mkdirSync(lockDir('seed'), { recursive: true });
    fs.writeFileSync(
      path.join(lockDir('seed'), 'owner.json'),
      JSON.stringify({
        schema: 'harn.coordination.dir_lock.v1',
        resource_path: 'seed',
        lock_path: lockDir('seed'),
        record_path: path.join(lockDir('seed'), 'owner.json'),
        token: 'coord-lock-token-0190',
        owner: { id: 'harn' },
        refs: [],
        acquired_at_ms: 1,
        updated_at_ms: 1,
        ttl_ms: 1,
        expires_at_ms: 2,
      }),
    );
    const taken = acquireLease(dir(), 'seed');
    expect(taken).toMatchObject({
      acquired: true,
      stale_removed: { token: 'coord-lock-token-0190' },
    });
  });

  it('honours lock_path inside the directory (durable runs) and refuses one outside', () => {
    const lockPath = path.join(dir(), 'runs', 'r1', 'lease.lock.d');
    const lease = acquireLease(dir(), 'runs/r1', { lock_path: lockPath });
    expect(lease).toMatchObject({ acquired: true, lock_path: lockPath, resource_path: 'runs/r1' });
    expect(readLease(dir(), 'runs/r1', { lock_path: lockPath }).state).toBe('active');
    expect(fs.existsSync(path.join(dir(), 'locks'))).toBe(false);

    const outside = path.join(os.tmpdir(), `baton-outside-${process.pid}.lock.d`);
    expect(() => acquireLease(dir(), 'x', { lock_path: outside })).toThrow(/outside/);
    expect(fs.existsSync(outside)).toBe(false);
    expect(() => acquireLease(dir(), 'x', { lock_path: 'relative.lock.d' })).toThrow(/absolute/);
    expect(() => acquireLease(dir(), 'x', { lock_path: path.join(dir(), 'x') })).toThrow(
      /\.lock\.d/,
    );
  });

  it('rejects bad options before writing anything', () => {
    for (const options of [
      { ttl_ms: -1 },
      { ttl_ms: 1.5 },
      { reaper_ttl_ms: 0 },
      { owner: '' },
      { owner: { id: 'x', agent: 7 as unknown as string } },
      { refs: 'x' as unknown as unknown[] },
    ]) {
      expect(() => acquireLease(dir(), 'a', options), JSON.stringify(options)).toThrow(BatonError);
    }
    expect(fs.readdirSync(dir())).toEqual([]);
  });
});
