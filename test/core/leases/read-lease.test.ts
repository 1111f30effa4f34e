import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLease, readLease } from '../../../core/leases/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('leases-read');

const lockDir = (resource: string) => path.join(dir(), 'locks', `${resource}.lock.d`);

describe('readLease classification on disk', () => {
  it('absent when there is no lock directory', () => {
    const view = readLease(dir(), 'src/a.ts');
    expect(view).toMatchObject({ state: 'absent', resource_path: 'src/a.ts' });
    expect(view.lock_path).toBe(lockDir('src/a.ts'));
    expect(fs.existsSync(path.join(dir(), 'locks'))).toBe(false); // reading writes nothing
  });

  it('acquiring, then unrecorded, for a directory without owner.json (by its mtime)', () => {
    fs.mkdirSync(lockDir('x'), { recursive: true });
    const fresh = readLease(dir(), 'x');
    expect(fresh.state).toBe('acquiring');
    expect(fresh.dir_mtime_ms).toBeGreaterThan(Date.now() - 60_000);
    expect(readLease(dir(), 'x', { now: Date.now() + 6_000 }).state).toBe('unrecorded');
    const old = (Date.now() - 10_000) / 1000;
    fs.utimesSync(lockDir('x'), old, old);
    expect(readLease(dir(), 'x').state).toBe('unrecorded');
  });

  it('malformed with a diagnostic for a record that is not JSON, has the wrong shape or schema', () => {
    fs.mkdirSync(lockDir('bad'), { recursive: true });
    const record = path.join(lockDir('bad'), 'owner.json');
    fs.writeFileSync(record, '{"schema": "harn.coordination.dir_lock.v1",');
    expect(readLease(dir(), 'bad')).toMatchObject({
      state: 'malformed',
      diagnostic: { path: record, reason: 'malformed' },
    });
    fs.writeFileSync(record, JSON.stringify({ schema: 'harn.coordination.dir_lock.v1', token: 1 }));
    expect(readLease(dir(), 'bad').diagnostic?.message).toMatch(/owner\.json: /);
    fs.writeFileSync(record, JSON.stringify({ schema: 'harn.coordination.dir_lock.v9' }));
    expect(readLease(dir(), 'bad')).toMatchObject({
      state: 'malformed',
      diagnostic: { reason: 'unsupported' },
    });
  });

  it('active, stale and suspect-skew from the record and the injected clock', () => {
    const lease = acquireLease(dir(), 'r', { ttl_ms: 1_000, owner: 'me' });
    expect(lease.acquired).toBe(true);
    const view = readLease(dir(), 'r');
    expect(view.state).toBe('active');
    expect(view.record?.owner.id).toBe('me');
    expect(readLease(dir(), 'r', { now: view.record!.expires_at_ms }).state).toBe('stale');
    expect(readLease(dir(), 'r', { now: view.record!.updated_at_ms - 31_000 }).state).toBe(
      'suspect-skew',
    );
  });

  it('shows the .reap.d guard when one exists', () => {
    acquireLease(dir(), 'g', { owner: 'me' });
    // A guard is a lease record like any other, at <lock>.reap.d.
    acquireLease(dir(), 'made-guard', { owner: 'reaper' });
    fs.renameSync(lockDir('made-guard'), lockDir('g') + '.reap.d');
    const view = readLease(dir(), 'g');
    expect(view.state).toBe('active');
    expect(view.guard).toMatchObject({ state: 'active', lock_path: lockDir('g') + '.reap.d' });
    expect(view.guard?.record?.owner.id).toBe('reaper');
  });
});
