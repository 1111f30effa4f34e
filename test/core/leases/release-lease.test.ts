import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatonError } from '../../../core/errors.ts';
import { acquireLease, readLease, releaseLease } from '../../../core/leases/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { batonErrorCode } from '../support/baton-error-code.ts';
import { tombstonesCleared } from './race-support.ts';

const dir = useTempDir('leases-release');

const lockDir = (resource: string) => path.join(dir(), 'locks', `${resource}.lock.d`);

function held(resource: string, options = {}) {
  const lease = acquireLease(dir(), resource, options);
  if (!lease.acquired) throw new Error(lease.message);
  return lease;
}

function deadPid(): number {
  return Number(
    execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']),
  );
}

describe('releaseLease', () => {
  it('by token removes the lock directory entirely (no tombstone left)', async () => {
    const lease = held('src/a.ts');
    expect(releaseLease(dir(), 'src/a.ts', { token: lease.token })).toEqual({
      released: true,
      status: 'released',
      lock_path: lockDir('src/a.ts'),
    });
    // The path is free at once; the tombstone goes right after.
    expect(readLease(dir(), 'src/a.ts').state).toBe('absent');
    await tombstonesCleared(dir());
    expect(fs.readdirSync(path.join(dir(), 'locks', 'src'))).toEqual([]);
  });

  it('refuses another token’s lease with not_holder and leaves it intact', () => {
    const lease = held('a', { owner: 'builder-1' });
    const before = fs.readFileSync(lease.record_path, 'utf8');
    let error: unknown;
    try {
      releaseLease(dir(), 'a', { token: 'lease-not-mine' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BatonError);
    expect((error as BatonError).code).toBe('not_holder');
    expect((error as BatonError).message).toContain('held by builder-1');
    expect(fs.readFileSync(lease.record_path, 'utf8')).toBe(before);
    expect(readLease(dir(), 'a').record?.token).toBe(lease.token);
  });

  it('refuses a stale token after the lease was re-acquired', () => {
    const first = held('a');
    releaseLease(dir(), 'a', { token: first.token });
    const second = held('a');
    expect(batonErrorCode(() => releaseLease(dir(), 'a', { token: first.token }))).toBe(
      'not_holder',
    );
    expect(readLease(dir(), 'a').record?.token).toBe(second.token);
  });

  it('reports absent for a lease that is not there, by token or by force', () => {
    expect(releaseLease(dir(), 'nothing', { token: 'lease-x' })).toMatchObject({
      released: false,
      status: 'absent',
    });
    expect(releaseLease(dir(), 'nothing', { strict: false })).toMatchObject({ status: 'absent' });
  });

  it('forced: removes an active lease, an unrecorded dir and a malformed record by path', async () => {
    held('active');
    expect(releaseLease(dir(), 'active', { strict: false }).released).toBe(true);
    fs.mkdirSync(lockDir('unrecorded'));
    const old = (Date.now() - 60_000) / 1000;
    fs.utimesSync(lockDir('unrecorded'), old, old);
    expect(releaseLease(dir(), 'unrecorded', { strict: false }).released).toBe(true);
    fs.mkdirSync(lockDir('bad'));
    fs.writeFileSync(path.join(lockDir('bad'), 'owner.json'), '{');
    expect(releaseLease(dir(), 'bad', { strict: false }).released).toBe(true);
    await tombstonesCleared(dir());
    expect(fs.readdirSync(path.join(dir(), 'locks'))).toEqual([]);
  });

  it('forced: refuses a lock still being acquired (no record yet, within the grace period)', () => {
    fs.mkdirSync(lockDir('young'), { recursive: true });
    expect(batonErrorCode(() => releaseLease(dir(), 'young', { strict: false }))).toBe('conflict');
    expect(fs.existsSync(lockDir('young'))).toBe(true);
  });

  it('releases a record written by another tool (no seal) by its token', async () => {
    const lease = held('seed');
    // Strip the seal: what the seed (or a hand-made fixture) leaves.
    for (const name of fs.readdirSync(lockDir('seed'))) {
      if (name.startsWith('holder.')) fs.unlinkSync(path.join(lockDir('seed'), name));
    }
    expect(batonErrorCode(() => releaseLease(dir(), 'seed', { token: 'lease-other' }))).toBe(
      'not_holder',
    );
    expect(releaseLease(dir(), 'seed', { token: lease.token }).released).toBe(true);
    await tombstonesCleared(dir());
    expect(fs.readdirSync(path.join(dir(), 'locks'))).toEqual([]);
  });

  it('takes over a claim whose holder died or that is old; waits out a live one', () => {
    const hostTag = crypto.createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
    const claimAs = (resource: string, token: string, suffix: string) => {
      const seal = path.join(lockDir(resource), `holder.${token}`);
      fs.renameSync(seal, `${seal}.claim-${suffix}`);
    };
    // Left by a process on this host that is gone: free at once.
    const a = held('a');
    claimAs('a', a.token, `${Date.now()}-${hostTag}-${deadPid()}-1`);
    expect(releaseLease(dir(), 'a', { token: a.token }).released).toBe(true);
    // From another host, but older than the reaper TTL (60 s).
    const b = held('b');
    claimAs('b', b.token, `${Date.now() - 120_000}-00000000-4242-1`);
    expect(releaseLease(dir(), 'b', { token: b.token }).released).toBe(true);
    // Held by a live process (this one): release waits, then reports the lease busy.
    const c = held('c');
    claimAs('c', c.token, `${Date.now()}-${hostTag}-${process.pid}-1`);
    expect(batonErrorCode(() => releaseLease(dir(), 'c', { token: c.token }))).toBe('conflict');
    expect(readLease(dir(), 'c').record?.token).toBe(c.token);
  });

  it('rejects a missing token or bad options before touching anything', () => {
    held('a');
    expect(batonErrorCode(() => releaseLease(dir(), 'a', { token: '' }))).toBe('invalid_argument');
    expect(batonErrorCode(() => releaseLease(dir(), 'a', {} as { token: string }))).toBe(
      'invalid_argument',
    );
    expect(readLease(dir(), 'a').state).toBe('active');
  });
});
