import { describe, expect, it } from 'vitest';
import type { AttentionItem, LeaseView, RunView } from '../../core/api/views.ts';
import { entitiesFromSnapshot } from '../../renderer/src/state/entities.ts';
import {
  attentionRows,
  bulkReleasable,
  createAttentionSelector,
  createBulkSelector,
  createLeaseSorter,
  expiredCount,
  filterLeases,
  handoffRows,
  memoLast,
  NO_LEASE_FILTER,
  liveUntil,
  railCounts,
  sortLeases,
} from '../../renderer/src/state/selectors.ts';
import { paletteEntries, searchPalette } from '../../renderer/src/state/palette-search.ts';
import { agent, lease, room, snapshot, T0 } from './support/fixtures.ts';

function item(
  key: string,
  severity: AttentionItem['severity'],
  since: number,
  subjectKey = key,
): AttentionItem {
  return {
    key,
    kind: 'stale_lease',
    severity,
    title: key,
    since_ms: since,
    subject: { entity: 'lease', key: subjectKey },
    evidence: [],
  };
}

describe('attention queue', () => {
  it('orders most severe first, then oldest first', () => {
    const s = entitiesFromSnapshot(
      snapshot({
        attention: [
          item('w-old', 'warning', 1),
          item('c-new', 'critical', 50),
          item('i', 'info', 0),
          item('c-old', 'critical', 10),
        ],
      }),
    );
    expect(attentionRows(s.attention, s.lease, T0, T0).map((r) => r.key)).toEqual([
      'c-old',
      'c-new',
      'w-old',
      'i',
    ]);
  });

  it('adds a provisional item the moment a lease countdown passes zero, with the release prefilled', () => {
    const l = lease('src/a.ts', { expires: T0 + 1_000, token: 'tok-1' });
    const s = entitiesFromSnapshot(snapshot({ leases: [l] }));
    expect(attentionRows(s.attention, s.lease, T0 + 999, T0 + 999)).toHaveLength(0);
    const [row] = attentionRows(s.attention, s.lease, T0 + 1_000, T0 + 1_000);
    expect(row?.provisional).toBe(true);
    expect(row?.action?.input).toEqual({ resource_path: 'src/a.ts', expected_token: 'tok-1' });
  });

  it('raises no new provisional item while the data is not live (only those due before it went stale)', () => {
    const before = lease('src/a.ts', { expires: T0 + 1_000 });
    const after = lease('src/b.ts', { expires: T0 + 5_000 });
    const s = entitiesFromSnapshot(snapshot({ leases: [before, after] }));
    // Disconnected at T0 + 2s: the countdown of src/b.ts passing zero later proves nothing.
    const keys = (now: number, liveUntil: number) =>
      attentionRows(s.attention, s.lease, now, liveUntil).map((r) => r.subject.key);
    expect(keys(T0 + 60_000, T0 + 2_000)).toEqual([before.key]);
    expect(keys(T0 + 60_000, T0 + 60_000)).toEqual([before.key, after.key]);
    // Never synced: nothing is known current, nothing is guessed.
    expect(keys(T0 + 60_000, -Infinity)).toEqual([]);
    const select = createAttentionSelector();
    expect(select(s.attention, s.lease, T0 + 60_000, T0 + 2_000)).toHaveLength(1);
    expect(select(s.attention, s.lease, T0 + 60_000, T0 + 60_000)).toHaveLength(2);
  });

  it('rates a provisional stale lease as the engine does: critical only when the holder is gone', () => {
    const live = lease('src/a.ts', { expires: T0, holder_liveness: 'active' });
    const crashed = lease('src/b.ts', { expires: T0, holder_liveness: 'crashed' });
    const gone = lease('src/c.ts', { expires: T0, holder_liveness: 'gone' });
    const unknown = lease('src/d.ts', { expires: T0 });
    const s = entitiesFromSnapshot(snapshot({ leases: [live, crashed, gone, unknown] }));
    const severity = Object.fromEntries(
      attentionRows(s.attention, s.lease, T0 + 1, T0 + 1).map((r) => [r.subject.key, r.severity]),
    );
    expect(severity).toEqual({
      [live.key]: 'warning',
      [crashed.key]: 'critical',
      [gone.key]: 'critical',
      [unknown.key]: 'warning',
    });
  });

  it('live horizon: now while connected and synced, the last update otherwise', () => {
    const open = {
      connection: { state: 'open' as const, generation: 1, since_ms: T0 },
      synced: true,
      status: undefined,
    };
    expect(liveUntil({ ...open, last_update_ms: T0 }, T0 + 9_000)).toBe(T0 + 9_000);
    expect(liveUntil({ ...open, synced: false, last_update_ms: T0 }, T0 + 9_000)).toBe(T0);
    expect(
      liveUntil(
        { ...open, connection: { state: 'connecting', attempt: 1 }, last_update_ms: undefined },
        T0,
      ),
    ).toBe(-Infinity);
  });

  it('does not duplicate a stale lease the engine already reported', () => {
    const l = lease('src/a.ts', { expires: T0 });
    const s = entitiesFromSnapshot(
      snapshot({ leases: [l], attention: [item('engine', 'critical', T0, l.key)] }),
    );
    expect(attentionRows(s.attention, s.lease, T0 + 5_000, T0 + 5_000).map((r) => r.key)).toEqual([
      'engine',
    ]);
  });
});

describe('leases list', () => {
  const rows = [
    lease('src/b.ts', { expires: T0 + 300_000, ttl: 600_000, holder: 'bob' }),
    lease('src/a.ts', { expires: T0 + 30_000, ttl: 600_000, holder: 'alice' }),
    lease('docs/c.md', { expires: T0 - 1, ttl: 600_000, holder: 'alice' }),
    {
      ...lease('x/unrecorded'),
      state: 'unrecorded' as const,
      record: undefined,
      holder: undefined,
    },
  ];

  it('sorts by expiry (records without one first), and by any column both ways', () => {
    expect(sortLeases(rows, { by: 'expires', dir: 1 }).map((l) => l.resource_path)).toEqual([
      'x/unrecorded',
      'docs/c.md',
      'src/a.ts',
      'src/b.ts',
    ]);
    expect(sortLeases(rows, { by: 'resource', dir: -1 }).map((l) => l.resource_path)[0]).toBe(
      'x/unrecorded',
    );
  });

  it('filters by stale, expiring soon, holder and path text', () => {
    const sorted = sortLeases(rows, { by: 'expires', dir: 1 });
    expect(filterLeases(sorted, NO_LEASE_FILTER, T0)).toBe(sorted);
    expect(
      filterLeases(sorted, { ...NO_LEASE_FILTER, stale: true }, T0).map((l) => l.resource_path),
    ).toEqual(['docs/c.md']);
    expect(
      filterLeases(sorted, { ...NO_LEASE_FILTER, expiring: true }, T0).map((l) => l.resource_path),
    ).toEqual(['src/a.ts']);
    expect(
      filterLeases(sorted, { ...NO_LEASE_FILTER, stale: true, expiring: true }, T0),
    ).toHaveLength(2);
    expect(filterLeases(sorted, { ...NO_LEASE_FILTER, holder: 'ALI' }, T0)).toHaveLength(2);
    expect(filterLeases(sorted, { ...NO_LEASE_FILTER, text: 'src/' }, T0)).toHaveLength(2);
    // Time moves: a.ts goes stale 30 s later.
    expect(filterLeases(sorted, { ...NO_LEASE_FILTER, stale: true }, T0 + 30_000)).toHaveLength(2);
  });

  it('leaves the lease of an orphaned run out of bulk release and of provisional items', () => {
    const runLease: LeaseView = {
      ...lease('runs/r-1', { expires: T0 - 1_000 }),
      key: 'runs/r-1/lease.lock.d',
      lock_path: 'runs/r-1/lease.lock.d',
    };
    const run = (orphaned: boolean): RunView => ({
      key: 'r-1',
      run_id: 'r-1',
      status: 'running',
      lease_state: 'stale',
      orphaned,
      checkpoint_count: 0,
    });
    // The next worker takes an orphaned run's lease over: nothing for the operator to release.
    expect(bulkReleasable([runLease], new Map([['r-1', run(true)]]), T0)).toEqual([]);
    // A finished run's leftover lease is an ordinary stale lease.
    expect(bulkReleasable([runLease], new Map([['r-1', run(false)]]), T0)).toEqual([runLease]);
    const s = entitiesFromSnapshot(snapshot({ leases: [runLease] }));
    expect(attentionRows(s.attention, s.lease, T0, T0)).toEqual([]);
  });

  it('bulk release takes only stale leases that have a token to check', () => {
    expect(bulkReleasable(rows, new Map(), T0).map((l) => l.resource_path)).toEqual(['docs/c.md']);
  });
});

describe('rail counts', () => {
  it('equal the number of rows each view shows by default', () => {
    const snap = snapshot({
      leases: [lease('a'), lease('b', { expires: T0 - 1 })],
      agents: [agent('x'), agent('y', { liveness: 'gone' })],
      handoffs: [
        {
          key: 'h1',
          id: 'h1',
          state: 'pending',
          from: 'a',
          to: 'b',
          message: '',
          created_at_ms: 2,
        },
        {
          key: 'h2',
          id: 'h2',
          state: 'accepted',
          from: 'a',
          to: 'b',
          message: '',
          created_at_ms: 1,
        },
      ],
    });
    const e = entitiesFromSnapshot(snap);
    const counts = railCounts(e, T0, T0);
    expect(counts.leases).toBe(2);
    expect(counts.agents).toBe(2);
    expect(counts.handoffs).toBe(handoffRows(e.handoff.values(), false).length);
    expect(counts.handoffs).toBe(1);
    expect(counts.attention).toBe(attentionRows(e.attention, e.lease, T0, T0).length);
    expect(counts.attention).toBe(1);
  });
});

describe('memoLast', () => {
  it('recomputes only when an argument changes identity', () => {
    let calls = 0;
    const f = memoLast((a: object, n: number) => (calls++, [a, n]));
    const a = {};
    expect(f(a, 1)).toBe(f(a, 1));
    f({}, 1);
    expect(calls).toBe(2);
  });
});

describe('command palette search', () => {
  it('ranks prefix, then segment, then anywhere matches', () => {
    const e = entitiesFromSnapshot(
      snapshot({
        leases: [lease('src/app.ts'), lease('app/main.ts'), lease('lib/snapper.ts')],
        agents: [agent('app-builder')],
      }),
    );
    const results = searchPalette(paletteEntries(e), 'app');
    expect(results.map((r) => r.label)).toEqual([
      'app-builder',
      'app/main.ts',
      'src/app.ts',
      'lib/snapper.ts',
    ]);
    expect(results[0]?.view).toBe('agents');
  });

  it('says a room count is unknown without a history index, instead of 0 messages', () => {
    const e = entitiesFromSnapshot(snapshot({ rooms: [room('task/t1/plan')] }));
    expect(paletteEntries(e).find((r) => r.kind === 'room')?.hint).toMatch(/^\d+ messages$/);
    expect(paletteEntries(e, true).find((r) => r.kind === 'room')?.hint).toBe(
      'history unavailable',
    );
  });
});

describe('time-dependent selectors', () => {
  const e = entitiesFromSnapshot(
    snapshot({
      leases: [
        lease('a', { expires: T0 + 1_000 }),
        lease('b', { expires: T0 + 5_000 }),
        { ...lease('c'), state: 'stale' as const },
      ],
    }),
  );

  it('counts clock-expired leases by binary search (only those the clock can flip)', () => {
    expect(expiredCount(e.lease, T0)).toBe(0);
    expect(expiredCount(e.lease, T0 + 1_000)).toBe(1);
    expect(expiredCount(e.lease, T0 + 10_000)).toBe(2);
  });

  it('recompute only when a lease crosses its expiry, not on every tick', () => {
    const attention = createAttentionSelector();
    const first = attention(e.attention, e.lease, T0 + 1_000, T0 + 1_000);
    expect(first).toHaveLength(1);
    expect(attention(e.attention, e.lease, T0 + 2_000, T0 + 2_000)).toBe(first);
    expect(attention(e.attention, e.lease, T0 + 5_000, T0 + 5_000)).toHaveLength(2);
    const bulk = createBulkSelector();
    const rows = [...e.lease.values()];
    const before = bulk(rows, e.lease, e.run, T0 + 1_500);
    expect(before.map((l) => l.resource_path)).toEqual(['a', 'c']);
    expect(bulk(rows, e.lease, e.run, T0 + 4_000)).toBe(before);
    expect(bulk(rows, e.lease, e.run, T0 + 5_000).map((l) => l.resource_path)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});

describe('incremental lease order', () => {
  it('matches a full sort after upserts, removals and expiry changes', () => {
    const sort = { by: 'expires' as const, dir: 1 as const };
    const sorter = createLeaseSorter();
    let map = new Map<string, ReturnType<typeof lease>>();
    for (let i = 0; i < 200; i++) {
      const l = lease(`f${i}`, { expires: T0 + ((i * 7919) % 1000) });
      map.set(l.key, l);
    }
    expect(sorter(map, sort)).toEqual(sortLeases(map.values(), sort));
    for (let round = 0; round < 20; round++) {
      map = new Map(map);
      const renewed = lease(`f${round * 3}`, { expires: T0 + 5_000 + round });
      map.set(renewed.key, renewed);
      map.delete(`locks/f${round * 3 + 1}.lock.d`);
      const added = lease(`new${round}`, { expires: T0 + round * 37 });
      map.set(added.key, added);
      expect(sorter(map, sort).map((l) => l.key)).toEqual(
        sortLeases(map.values(), sort).map((l) => l.key),
      );
    }
    const same = sorter(map, sort);
    expect(sorter(map, sort)).toBe(same);
  });
});
