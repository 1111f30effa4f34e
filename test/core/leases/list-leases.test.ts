import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLease, listLeases } from '../../../core/leases/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('leases-list');

const lockDir = (resource: string) => path.join(dir(), 'locks', `${resource}.lock.d`);

describe('listLeases', () => {
  it('walks locks/ recursively and the runs’ leases, classifies each, sorted by resource', () => {
    acquireLease(dir(), 'src/deep/x.ts', { owner: 'a' });
    acquireLease(dir(), 'b', { owner: 'b', ttl_ms: 0 });
    acquireLease(dir(), 'runs/r1', { lock_path: path.join(dir(), 'runs', 'r1', 'lease.lock.d') });
    fs.mkdirSync(lockDir('bad'));
    fs.writeFileSync(path.join(lockDir('bad'), 'owner.json'), 'nope');
    const { leases, diagnostics } = listLeases(dir());
    expect(leases.map((l) => [l.resource_path, l.state])).toEqual([
      ['b', 'stale'],
      ['bad', 'malformed'],
      ['runs/r1', 'active'],
      ['src/deep/x.ts', 'active'],
    ]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ path: path.join(lockDir('bad'), 'owner.json') });
    expect(listLeases(dir(), { state: 'stale' }).leases.map((l) => l.resource_path)).toEqual(['b']);
  });

  it('skips tombstones and temporaries, and reports guards (even without their lease)', () => {
    acquireLease(dir(), 'a');
    fs.mkdirSync(lockDir('a') + '.tomb-123-abcdef');
    fs.writeFileSync(path.join(dir(), 'locks', 'x.json.tmp-1-ab'), '');
    acquireLease(dir(), 'made-guard', { owner: 'reaper' });
    fs.renameSync(lockDir('made-guard'), lockDir('gone') + '.reap.d');
    const { leases } = listLeases(dir());
    expect(leases.map((l) => [l.resource_path, l.state, l.guard?.state])).toEqual([
      ['a', 'active', undefined],
      ['gone', 'absent', 'active'],
    ]);
  });

  it('is empty for a directory with no leases, and rejects an unknown state', () => {
    expect(listLeases(dir())).toEqual({ leases: [], diagnostics: [] });
    expect(() => listLeases(dir(), { state: 'held' as 'active' })).toThrow(/state "held"/);
  });
});
