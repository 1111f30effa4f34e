import { describe, expect, it } from 'vitest';
import { BatonError } from '../../../core/errors.ts';
import { acquireLease, readLease, releaseLease, withLease } from '../../../core/leases/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('leases-with');

describe('withLease', () => {
  it('holds the lease while the body runs and releases it on return', async () => {
    const value = await withLease(dir(), 'a', async (lease) => {
      expect(readLease(dir(), 'a').record?.token).toBe(lease.token);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 42;
    });
    expect(value).toBe(42);
    expect(readLease(dir(), 'a').state).toBe('absent');
  });

  it('releases on throw and rethrows the body’s error', async () => {
    const boom = new Error('boom');
    await expect(
      withLease(dir(), 'a', () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(readLease(dir(), 'a').state).toBe('absent');
  });

  it('throws a conflict carrying the structured result when the lease is held', async () => {
    const held = acquireLease(dir(), 'a', { owner: 'other' });
    if (!held.acquired) throw new Error('setup');
    let ran = false;
    const error = await withLease(dir(), 'a', () => {
      ran = true;
    }).catch((e: unknown) => e);
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(BatonError);
    expect((error as BatonError).code).toBe('conflict');
    expect((error as BatonError).detail).toMatchObject({
      reason: 'active',
      holder: { token: held.token },
    });
    expect(readLease(dir(), 'a').record?.token).toBe(held.token);
  });

  it('renews while the body runs when renew_every_ms is set', async () => {
    const renewals = await withLease(
      dir(),
      'a',
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        return readLease(dir(), 'a').record?.renewals ?? 0;
      },
      { ttl_ms: 300, renew_every_ms: 50 },
    );
    expect(renewals).toBeGreaterThan(1);
    expect(readLease(dir(), 'a').state).toBe('absent');
  });

  it('throws not_holder after the body when the lease was lost while it ran', async () => {
    const error = await withLease(
      dir(),
      'a',
      async (lease) => {
        // An operator force-releases it and someone else takes the resource.
        releaseLease(dir(), 'a', { strict: false });
        const other = acquireLease(dir(), 'a', { owner: 'other' });
        await new Promise((resolve) => setTimeout(resolve, 120));
        return [lease.token, other.acquired && other.token];
      },
      { renew_every_ms: 30 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatonError);
    expect((error as BatonError).code).toBe('not_holder');
    expect(readLease(dir(), 'a').record?.owner.id).toBe('other');
  });
});
