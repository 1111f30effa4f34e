import { describe, expect, it } from 'vitest';
import { createMonitorStore, isDataStale } from '../../renderer/src/state/monitor-store.ts';
import { agent, delta, lease, snapshot, T0, upsertLease } from './support/fixtures.ts';

describe('monitor store', () => {
  it('keys the snapshot entities by key', () => {
    const store = createMonitorStore();
    store
      .getState()
      .applySnapshot(
        snapshot({ seq: 7, leases: [lease('a'), lease('b')], agents: [agent('x')] }),
        T0,
      );
    const s = store.getState();
    expect(s.seq).toBe(7);
    expect([...s.entities.lease.keys()]).toEqual(['locks/a.lock.d', 'locks/b.lock.d']);
    expect(s.entities.agent.get('agents/x.json')?.id).toBe('x');
    expect(s.synced).toBe(true);
  });

  it('applies consecutive deltas (upsert and remove) and drops old ones', () => {
    const store = createMonitorStore();
    store.getState().applySnapshot(snapshot({ seq: 3, leases: [lease('a')] }), T0);
    const r = store.getState().applyDeltas(
      [
        delta(2, [{ op: 'remove', entity: 'lease', key: 'locks/a.lock.d' }]), // already in the snapshot
        delta(4, [upsertLease(lease('b'))]),
        delta(5, [{ op: 'remove', entity: 'lease', key: 'locks/a.lock.d' }]),
      ],
      T0,
    );
    expect(r).toEqual({ verdict: 'next', applied: 2 });
    expect([...store.getState().entities.lease.keys()]).toEqual(['locks/b.lock.d']);
    expect(store.getState().seq).toBe(5);
  });

  it('stops at a gap, reports it, and marks the model not synced', () => {
    const store = createMonitorStore();
    store.getState().applySnapshot(snapshot({ seq: 1 }), T0);
    const r = store
      .getState()
      .applyDeltas([delta(2, [upsertLease(lease('a'))]), delta(4, [upsertLease(lease('b'))])], T0);
    expect(r).toEqual({ verdict: 'gap', applied: 1 });
    expect(store.getState().seq).toBe(2);
    expect(store.getState().entities.lease.has('locks/b.lock.d')).toBe(false);
    expect(store.getState().synced).toBe(false);
  });

  it('treats any delta before the first snapshot as a gap', () => {
    const store = createMonitorStore();
    expect(store.getState().applyDeltas([delta(1, [])], T0).verdict).toBe('gap');
  });

  it('keeps the identity of untouched kinds, so their views do not re-render', () => {
    const store = createMonitorStore();
    store.getState().applySnapshot(snapshot({ seq: 0, agents: [agent('x')] }), T0);
    const agentsBefore = store.getState().entities.agent;
    const leasesBefore = store.getState().entities.lease;
    store.getState().applyDeltas([delta(1, [upsertLease(lease('a'))])], T0);
    expect(store.getState().entities.agent).toBe(agentsBefore);
    expect(store.getState().entities.lease).not.toBe(leasesBefore);
  });

  it('rejects an upsert whose value breaks its schema, keeping the rest of the delta', () => {
    const store = createMonitorStore();
    store.getState().applySnapshot(snapshot({ seq: 0 }), T0);
    store
      .getState()
      .applyDeltas(
        [
          delta(1, [
            { op: 'upsert', entity: 'lease', key: 'bad', value: { key: 'bad' } },
            upsertLease(lease('ok')),
          ]),
        ],
        T0,
      );
    const s = store.getState();
    expect(s.entities.lease.has('bad')).toBe(false);
    expect(s.entities.lease.has('locks/ok.lock.d')).toBe(true);
    expect(s.problems[0]?.where).toBe('lease bad');
  });

  it('takes the server clock offset from snapshots and deltas', () => {
    const store = createMonitorStore();
    store.getState().applySnapshot(snapshot({ seq: 0, server_time_ms: T0 + 5_000 }), T0);
    expect(store.getState().clock.offset_ms).toBe(5_000);
    store.getState().applyDeltas([delta(1, [], T0 + 10_100)], T0 + 5_000);
    expect(store.getState().clock.offset_ms).toBe(5_100);
  });

  it('applies the operator’s own changes at once without touching seq', () => {
    const store = createMonitorStore();
    store.getState().applySnapshot(snapshot({ seq: 9, leases: [lease('a')] }), T0);
    store.getState().applyLocal([{ op: 'remove', entity: 'lease', key: 'locks/a.lock.d' }]);
    expect(store.getState().entities.lease.size).toBe(0);
    expect(store.getState().seq).toBe(9);
  });

  it('calls the data stale when disconnected, unsynced or the engine is unavailable', () => {
    const store = createMonitorStore();
    store.getState().setConnection({ state: 'open', generation: 1, since_ms: T0 });
    store.getState().applySnapshot(snapshot(), T0);
    expect(isDataStale(store.getState())).toBe(false);
    store.getState().setStatus({
      state: 'unavailable',
      message: 'gone',
      dir: '/coord',
      watching: 'events',
      indexing: { done_bytes: 0, total_bytes: 0, complete: true },
    });
    expect(isDataStale(store.getState())).toBe(true);
    store.getState().applySnapshot(snapshot(), T0);
    store.getState().setConnection({ state: 'closed', reason: 'x', fatal: false });
    expect(isDataStale(store.getState())).toBe(true);
    expect(store.getState().synced).toBe(false);
  });
});
