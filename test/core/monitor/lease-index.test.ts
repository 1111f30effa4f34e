import { describe, expect, it } from 'vitest';
import type { LeaseRaw } from '../../../core/monitor/entities/lease-entity.ts';
import { createLeaseIndex } from '../../../core/monitor/lease-index.ts';

function raw(key: string, owner: { id: string; agent?: string; run_id?: string }): LeaseRaw {
  return {
    key,
    resource_path: key,
    lock_path: `/c/${key}`,
    malformed: false,
    record: {
      schema: 'harn.coordination.dir_lock.v1',
      resource_path: key,
      lock_path: `/c/${key}`,
      record_path: `/c/${key}/owner.json`,
      token: 't',
      owner,
      refs: [],
      acquired_at_ms: 0,
      updated_at_ms: 0,
      ttl_ms: 1,
      expires_at_ms: 1,
    },
  };
}

describe('createLeaseIndex', () => {
  it('follows a lease from holder to holder and forgets it when it goes', () => {
    const index = createLeaseIndex();
    const first = raw('locks/a.lock.d', { id: 'p-1', agent: 'a1', run_id: 'r1' });
    index.replace(undefined, first);
    index.replace(undefined, raw('runs/r2/lease.lock.d', { id: 'w1' }));
    expect([...index.heldBy('a1')]).toEqual(['locks/a.lock.d']);
    expect([...index.ofRun('r1')]).toEqual(['locks/a.lock.d']);
    // A run's own lease directory belongs to it whatever the owner says.
    expect([...index.ofRun('r2')]).toEqual(['runs/r2/lease.lock.d']);
    const taken = raw('locks/a.lock.d', { id: 'b1' });
    index.replace(first, taken);
    expect([...index.heldBy('a1')]).toEqual([]);
    expect([...index.heldBy('b1')]).toEqual(['locks/a.lock.d']);
    expect([...index.ofRun('r1')]).toEqual([]);
    index.replace(taken, undefined);
    expect(index.heldBy('b1').size).toBe(0);
  });
});
