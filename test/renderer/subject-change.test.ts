import { describe, expect, it } from 'vitest';
import type { AgentView, LeaseView } from '../../core/api/views.ts';
import { markAgentGonePlan, releaseLeasePlan } from '../../renderer/src/actions/plans.tsx';
import { agentChange, leaseChange } from '../../renderer/src/actions/subject-change.ts';
import { emptyEntities, type EntityMaps } from '../../renderer/src/state/entities.ts';
import { agent, lease, T0 } from './support/fixtures.ts';

// The confirm dialog follows the store while it is open: a subject that changed materially since
// it opened (changed hands, renewed, released, decided, heartbeat) cannot be confirmed.
const STALE = lease('src/a.ts', { expires: T0 - 5_000, state: 'stale', holder: 'alice' });

function withLease(l: LeaseView): EntityMaps {
  return { ...emptyEntities(), lease: new Map([[l.key, l]]) };
}

describe('leaseChange', () => {
  it('no change while the lease is as it was, even as its countdown runs out', () => {
    expect(leaseChange(STALE, STALE, T0)).toBeUndefined();
    const active = lease('src/a.ts', { expires: T0 + 1_000, holder: 'alice' });
    expect(leaseChange(active, { ...active, state: 'stale' }, T0 + 2_000)).toBeUndefined();
  });

  it('re-acquired by someone else: names the new holder and its state', () => {
    const dave = lease('src/a.ts', { expires: T0 + 60_000, holder: 'dave', token: 'tok-dave' });
    expect(leaseChange(STALE, dave, T0)).toBe('now held by dave (active)');
  });

  it('renewed by its holder (same token, later expiry)', () => {
    const renewed = lease('src/a.ts', { expires: T0 + 60_000, holder: 'alice' });
    expect(leaseChange(STALE, renewed, T0)).toBe('renewed by alice (active)');
  });

  it('released: the lock is gone', () => {
    expect(leaseChange(STALE, undefined, T0)).toBe('the lease was released (its lock is gone)');
  });
});

describe('releaseLeasePlan.follow and onOk', () => {
  it('follows the store: the facts are the current lease, with the change said', () => {
    const plan = releaseLeasePlan(STALE, T0, withLease(STALE));
    expect(plan.follow?.(withLease(STALE), T0, 'now').changed).toBeUndefined();
    const dave = lease('src/a.ts', { expires: T0 + 60_000, holder: 'dave', token: 'tok-dave' });
    const followed = plan.follow?.(withLease(dave), T0, 'now');
    expect(followed?.changed).toBe('now held by dave (active)');
    expect(followed?.facts.find(([label]) => label === 'Owner')?.[1]).toBe('dave');
  });

  it('"before" words the record as history: no "State now", no live countdown', () => {
    const plan = releaseLeasePlan(STALE, T0, withLease(STALE));
    const labels = plan.follow?.(withLease(STALE), T0, 'before').facts.map(([l]) => l);
    expect(labels).toContain('State');
    expect(labels).not.toContain('State now');
    const expiry = plan
      .follow?.(withLease(STALE), T0, 'before')
      .facts.find(([l]) => l === 'Expiry');
    expect(typeof expiry?.[1]).toBe('string');
  });

  it('a successful release does not remove a lease re-taken under the same key meanwhile', () => {
    const plan = releaseLeasePlan(STALE, T0, withLease(STALE));
    const ok = { ok: true as const, message: 'released' } as Parameters<
      NonNullable<typeof plan.onOk>
    >[0];
    expect(plan.onOk?.(ok, withLease(STALE))).toEqual([
      { op: 'remove', entity: 'lease', key: STALE.key },
    ]);
    const bob = lease('src/a.ts', { expires: T0 + 60_000, holder: 'bob', token: 'tok-bob' });
    expect(plan.onOk?.(ok, withLease(bob))).toEqual([]);
  });
});

describe('agentChange', () => {
  const seen: AgentView = agent('builder-1', { last_seen_ms: T0 - 90_000, liveness: 'crashed' });
  it('a heartbeat since the dialog opened, or already gone, is a change', () => {
    expect(agentChange(seen, seen)).toBeUndefined();
    expect(agentChange(seen, { ...seen, last_seen_ms: T0, liveness: 'active' })).toBe(
      'it sent a heartbeat since (now active)',
    );
    expect(agentChange(seen, { ...seen, liveness: 'gone' })).toBe('already marked gone');
    const plan = markAgentGonePlan(seen);
    expect(plan.follow?.(emptyEntities(), T0, 'now').changed).toBe(
      'the agent record no longer exists',
    );
  });
});
