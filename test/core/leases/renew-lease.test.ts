import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLease, readLease, releaseLease, renewLease } from '../../../core/leases/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { batonErrorCode } from '../support/baton-error-code.ts';

const dir = useTempDir('leases-renew');

describe('renewLease', () => {
  it('moves updated_at/expires_at forward, keeps the TTL or takes a new one, counts renewals', async () => {
    const lease = acquireLease(dir(), 'a', { ttl_ms: 10_000, reason: 'why' });
    if (!lease.acquired) throw new Error(lease.message);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const first = renewLease(dir(), 'a', lease.token);
    expect(first.updated_at_ms).toBeGreaterThan(lease.record.updated_at_ms);
    expect(first.expires_at_ms).toBe(first.updated_at_ms + 10_000);
    expect(first).toMatchObject({
      token: lease.token,
      acquired_at_ms: lease.record.acquired_at_ms,
      reason: 'why',
      renewals: 1,
    });
    const second = renewLease(dir(), 'a', lease.token, { ttl_ms: 60_000 });
    expect(second).toMatchObject({ ttl_ms: 60_000, renewals: 2 });
    expect(readLease(dir(), 'a').record).toEqual(second);
    // The seal is back in place: the lease can still be released by its token.
    expect(releaseLease(dir(), 'a', { token: lease.token }).released).toBe(true);
  });

  it('revives an expired lease nobody has taken over yet', () => {
    const lease = acquireLease(dir(), 'a', { ttl_ms: 0 });
    if (!lease.acquired) throw new Error(lease.message);
    const record = renewLease(dir(), 'a', lease.token, { ttl_ms: 5_000 });
    expect(readLease(dir(), 'a').state).toBe('active');
    expect(record.ttl_ms).toBe(5_000);
  });

  it('is refused (not_holder) for another token, an absent lease, or after a takeover', () => {
    expect(batonErrorCode(() => renewLease(dir(), 'a', 'lease-x'))).toBe('not_holder');
    const old = acquireLease(dir(), 'a', { ttl_ms: 0 });
    if (!old.acquired) throw new Error('setup');
    const taker = acquireLease(dir(), 'a', { ttl_ms: 60_000 });
    if (!taker.acquired) throw new Error('setup');
    const before = fs.readFileSync(taker.record_path, 'utf8');
    expect(batonErrorCode(() => renewLease(dir(), 'a', old.token))).toBe('not_holder');
    expect(fs.readFileSync(taker.record_path, 'utf8')).toBe(before);
    expect(batonErrorCode(() => renewLease(dir(), 'a', ''))).toBe('invalid_argument');
    expect(batonErrorCode(() => renewLease(dir(), 'a', taker.token, { ttl_ms: -5 }))).toBe(
      'invalid_argument',
    );
    expect(fs.readFileSync(taker.record_path, 'utf8')).toBe(before);
  });

  it('leaves no temporaries or claims behind in the lock directory', () => {
    const lease = acquireLease(dir(), 'a');
    if (!lease.acquired) throw new Error(lease.message);
    for (let i = 0; i < 5; i++) renewLease(dir(), 'a', lease.token);
    expect(fs.readdirSync(path.dirname(lease.record_path)).sort()).toEqual([
      `holder.${lease.token}`,
      'owner.json',
    ]);
  });
});
