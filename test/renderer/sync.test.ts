import { describe, expect, it } from 'vitest';
import { createClient } from '../../core/api/client.ts';
import { createMonitorStore } from '../../renderer/src/state/monitor-store.ts';
import { startSync } from '../../renderer/src/state/sync.ts';
import { fakeCarrier } from './support/fake-carrier.ts';
import { delta, lease, snapshot, T0, upsertLease } from './support/fixtures.ts';

const info = {
  version: '0',
  dir: '/coord',
  operator: 'op@h',
  server_time_ms: T0,
  transport: 'in-process',
  recent_dirs: [],
};
const flushAll = () => new Promise((r) => setTimeout(r, 0));

function setup(snapshots: ReturnType<typeof snapshot>[]) {
  const carrier = fakeCarrier();
  let served = 0;
  carrier.handlers['info'] = () => info;
  carrier.handlers['snapshot'] = () => snapshots[Math.min(served++, snapshots.length - 1)];
  const frames: (() => void)[] = [];
  const store = createMonitorStore();
  const client = createClient(carrier);
  const sync = startSync(client, store, { schedule: (f) => frames.push(f), localNow: () => T0 });
  const frame = () => {
    const pending = frames.splice(0);
    for (const f of pending) f();
  };
  return { carrier, store, sync, frame, snapshotsServed: () => served };
}

describe('sync', () => {
  it('loads info then a snapshot when the connection is open', async () => {
    const { store, carrier } = setup([snapshot({ seq: 4, leases: [lease('a')] })]);
    await flushAll();
    expect(carrier.calls.map((c) => c.method)).toEqual(['info', 'snapshot']);
    expect(store.getState().seq).toBe(4);
    expect(store.getState().info?.dir).toBe('/coord');
  });

  it('applies pushed deltas once per frame, in one store update', async () => {
    const { store, carrier, frame } = setup([snapshot({ seq: 0 })]);
    await flushAll();
    let updates = 0;
    store.subscribe(() => updates++);
    carrier.push('delta', delta(1, [upsertLease(lease('a'))]));
    carrier.push('delta', delta(2, [upsertLease(lease('b'))]));
    carrier.push('delta', delta(3, [upsertLease(lease('c'))]));
    expect(store.getState().entities.lease.size).toBe(0); // not before the frame
    frame();
    expect(store.getState().entities.lease.size).toBe(3);
    expect(updates).toBe(1);
  });

  it('resyncs on a gap and replays held deltas the snapshot does not cover', async () => {
    const { store, carrier, frame, snapshotsServed } = setup([
      snapshot({ seq: 0 }),
      snapshot({ seq: 6, leases: [lease('from-snapshot')] }),
    ]);
    await flushAll();
    carrier.push('delta', delta(1, [upsertLease(lease('a'))]));
    carrier.push('delta', delta(5, [upsertLease(lease('skipped-2-to-4'))])); // gap: 2..4 missing
    carrier.push('delta', delta(7, [upsertLease(lease('after'))]));
    frame();
    await flushAll();
    expect(snapshotsServed()).toBe(2);
    const keys = [...store.getState().entities.lease.keys()].sort();
    // Delta 5 is older than the snapshot (seq 6) and dropped; 7 is replayed on top.
    expect(keys).toEqual(['locks/after.lock.d', 'locks/from-snapshot.lock.d']);
    expect(store.getState().seq).toBe(7);
    expect(store.getState().synced).toBe(true);
  });

  it('takes a fresh snapshot on every reconnect (new generation)', async () => {
    const { store, carrier, snapshotsServed } = setup([
      snapshot({ seq: 2 }),
      snapshot({ seq: 40 }),
    ]);
    await flushAll();
    carrier.setConnection({ state: 'closed', reason: 'drop', fatal: false });
    expect(store.getState().synced).toBe(false);
    carrier.setConnection({ state: 'open', generation: 2, since_ms: T0 });
    await flushAll();
    expect(snapshotsServed()).toBe(2);
    expect(store.getState().seq).toBe(40);
    expect(store.getState().synced).toBe(true);
  });

  it('holds deltas that arrive while the snapshot is in flight', async () => {
    const carrier = fakeCarrier();
    let release: (v: unknown) => void = () => {};
    carrier.handlers['info'] = () => info;
    carrier.handlers['snapshot'] = () => new Promise((r) => (release = r));
    const frames: (() => void)[] = [];
    const store = createMonitorStore();
    startSync(createClient(carrier), store, {
      schedule: (f) => frames.push(f),
      localNow: () => T0,
    });
    await flushAll();
    carrier.push('delta', delta(3, [upsertLease(lease('old'))]));
    carrier.push('delta', delta(4, [upsertLease(lease('new'))]));
    frames.splice(0).forEach((f) => f());
    release(snapshot({ seq: 3 }));
    await flushAll();
    expect([...store.getState().entities.lease.keys()]).toEqual(['locks/new.lock.d']);
    expect(store.getState().seq).toBe(4);
  });
});
