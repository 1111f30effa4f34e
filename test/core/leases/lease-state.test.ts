import { describe, expect, it } from 'vitest';
import { leaseState } from '../../../core/leases/index.ts';
import type { LeaseRecord } from '../../../core/leases/index.ts';

const NOW = 1_800_000_000_000;

function record(fields: Partial<LeaseRecord>): LeaseRecord {
  return {
    schema: 'harn.coordination.dir_lock.v1',
    resource_path: 'a',
    lock_path: '/c/locks/a.lock.d',
    record_path: '/c/locks/a.lock.d/owner.json',
    token: 't',
    owner: { id: 'o' },
    refs: [],
    acquired_at_ms: NOW - 1000,
    updated_at_ms: NOW - 1000,
    ttl_ms: 5000,
    expires_at_ms: NOW + 4000,
    ...fields,
  };
}

describe('leaseState', () => {
  it('is active before expiry and stale at and after it', () => {
    expect(leaseState(record({}), NOW)).toBe('active');
    expect(leaseState(record({ expires_at_ms: NOW }), NOW)).toBe('stale');
    expect(leaseState(record({ expires_at_ms: NOW - 1 }), NOW)).toBe('stale');
  });

  it('is suspect-skew when updated beyond the margin in the future, not within it', () => {
    expect(leaseState(record({ updated_at_ms: NOW + 30_001 }), NOW)).toBe('suspect-skew');
    expect(leaseState(record({ updated_at_ms: NOW + 30_000 }), NOW)).toBe('active');
    expect(leaseState(record({ updated_at_ms: NOW + 2_000 }), NOW, { skew_margin_ms: 1_000 })).toBe(
      'suspect-skew',
    );
  });

  it('without a record: absent, acquiring within the grace, unrecorded after', () => {
    expect(leaseState(undefined, NOW)).toBe('absent');
    expect(leaseState(undefined, NOW, { dir_mtime_ms: NOW - 4_999 })).toBe('acquiring');
    expect(leaseState(undefined, NOW, { dir_mtime_ms: NOW - 5_000 })).toBe('unrecorded');
    expect(leaseState(undefined, NOW, { dir_mtime_ms: NOW - 500, grace_ms: 100 })).toBe(
      'unrecorded',
    );
  });
});
