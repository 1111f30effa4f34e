import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../../core/api/contract.ts';
import { MAX_BUCKETS } from '../../../../core/monitor/history/index.ts';
import { useTempDir } from '../../../support/temp-dir.ts';
import { envelope, fleet } from './history-fixtures.ts';

const temp = useTempDir('history-timeline');
let f: ReturnType<typeof fleet>;
afterEach(async () => {
  await f?.closeAll();
});

const lease = (ts_ms: number, key: string, kind: string, agent?: string) => ({
  ts_ms,
  entity: 'lease',
  key,
  kind,
  ...(agent ? { agent } : {}),
});
const agent = (ts_ms: number, key: string, kind: string) => ({ ts_ms, entity: 'agent', key, kind });

describe('timeline', () => {
  it('replays transitions into leases held, agents alive and attention per bucket', async () => {
    f = fleet(temp());
    const h = f.open();
    // Before the range: L0 held, a1 alive.
    h.recordTransition(lease(50, 'L0', 'lease.acquired'));
    h.recordTransition(agent(60, 'a1', 'agent.recovered'));
    // Bucket [100,200): L1 acquired and released inside it (still counts), a2 starts.
    h.recordTransition(lease(110, 'L1', 'lease.acquired'));
    h.recordTransition(lease(150, 'L1', 'lease.released'));
    h.recordTransition(agent(120, 'a2', 'agent.active'));
    // Bucket [200,300): L0 goes stale, a1 crashes.
    h.recordTransition(lease(210, 'L0', 'lease.stale'));
    h.recordTransition(agent(220, 'a1', 'agent.crashed'));
    // Bucket [300,400): the operator releases L0; a1 recovers; a2 leaves.
    h.recordTransition(lease(310, 'L0', 'lease.released_by_operator'));
    h.recordTransition(agent(320, 'a1', 'agent.recovered'));
    h.recordTransition(agent(330, 'a2', 'agent.gone'));
    const out = h.timeline({ from_ms: 100, to_ms: 500, bucket_ms: 100 });
    expect(out.buckets).toEqual([
      { t_ms: 100, leases_held: 2, agents_alive: 2, messages: 0, attention: 0 },
      { t_ms: 200, leases_held: 1, agents_alive: 2, messages: 0, attention: 2 },
      // Both problems are still there when the bucket starts: "at some moment" counts them.
      { t_ms: 300, leases_held: 0, agents_alive: 2, messages: 0, attention: 2 },
      { t_ms: 400, leases_held: 0, agents_alive: 1, messages: 0, attention: 0 },
    ]);
    expect(out.transitions.map((t) => t.ts_ms)).toEqual([110, 120, 150, 210, 220, 310, 320, 330]);
    // Recording began with the first transition, before this range.
    expect(out.recorded_since_ms).toBe(50);
    expect(contract.requests.timeline.output.safeParse(out).success).toBe(true);
  });

  it('says since when it has recorded, written or not, and nothing before the first transition', async () => {
    f = fleet(temp());
    const h = f.open();
    expect(h.timeline({ from_ms: 0, to_ms: 100, bucket_ms: 50 }).recorded_since_ms).toBeUndefined();
    h.recordTransition(lease(70, 'L1', 'lease.acquired'));
    expect(h.timeline({ from_ms: 0, to_ms: 100, bucket_ms: 50 }).recorded_since_ms).toBe(70);
    await h.close();
    const again = f.open();
    again.recordTransition(lease(90, 'L2', 'lease.acquired'));
    expect(again.timeline({ from_ms: 80, to_ms: 100, bucket_ms: 10 }).recorded_since_ms).toBe(70);
  });

  it('gives the same answer once transitions are written, and after a restart', async () => {
    f = fleet(temp());
    const h = f.open();
    h.recordTransition(lease(10, 'L1', 'lease.acquired'));
    h.recordTransition({ ...lease(20, 'L1', 'lease.renewed'), detail: 'ttl 60000' });
    const before = h.timeline({ from_ms: 0, to_ms: 40, bucket_ms: 20 });
    await h.close();
    const again = f.open();
    const after = again.timeline({ from_ms: 0, to_ms: 40, bucket_ms: 20 });
    expect(after).toEqual(before);
    expect(after.buckets.map((b) => b.leases_held)).toEqual([1, 1]);
    expect(after.transitions[1]).toEqual({
      ts_ms: 20,
      entity: 'lease',
      key: 'L1',
      kind: 'lease.renewed',
      detail: 'ttl 60000',
    });
  });

  it('counts messages per bucket from their ts_ms and uses attentionAt when given', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(
      file,
      envelope('m1', { ts_ms: 1_000 }),
      envelope('m2', { ts_ms: 1_500 }),
      envelope('m3', { ts_ms: 2_100 }),
      envelope('m4', { ts_ms: 9_000 }),
    );
    const h = f.open();
    await h.syncFile(file);
    const seen: number[] = [];
    const out = h.timeline(
      { from_ms: 1_000, to_ms: 3_000, bucket_ms: 1_000 },
      { attentionAt: (t) => (seen.push(t), t / 1_000) },
    );
    expect(out.buckets.map((b) => [b.t_ms, b.messages, b.attention])).toEqual([
      [1_000, 2, 1],
      [2_000, 1, 2],
    ]);
    expect(seen).toEqual([1_000, 2_000]);
  });

  it('widens buckets over a long range and answers an empty range with nothing', () => {
    f = fleet(temp());
    const h = f.open();
    const wide = h.timeline({ from_ms: 0, to_ms: 10 ** 9, bucket_ms: 1 });
    expect(wide.buckets).toHaveLength(MAX_BUCKETS);
    expect(wide.buckets[1]?.t_ms).toBe(10 ** 9 / MAX_BUCKETS);
    expect(h.timeline({ from_ms: 5, to_ms: 5, bucket_ms: 1 })).toEqual({
      buckets: [],
      transitions: [],
    });
  });
});

describe('agentActivity', () => {
  it("lists an agent's transitions (its own and those naming it) and the messages it sent", async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(
      file,
      envelope('m1', { ts_ms: 5 }),
      envelope('m2', { from: 'someone-else', ts_ms: 6 }),
      envelope('m3', { ts_ms: 7 }),
    );
    const h = f.open();
    await h.syncFile(file);
    h.recordTransition(agent(1, 'builder-1', 'agent.active'));
    h.recordTransition(lease(2, 'L1', 'lease.acquired', 'builder-1'));
    h.recordTransition(lease(3, 'L2', 'lease.acquired', 'builder-2'));
    h.recordTransition(agent(4, 'builder-1', 'agent.crashed'));
    const activity = h.agentActivity('builder-1', 10);
    expect(activity.transitions.map((t) => [t.ts_ms, t.kind])).toEqual([
      [4, 'agent.crashed'],
      [2, 'lease.acquired'],
      [1, 'agent.active'],
    ]);
    expect(activity.messages.map((m) => [m.room, m.message.id])).toEqual([
      ['task/t1/plan', 'm3'],
      ['task/t1/plan', 'm1'],
    ]);
    expect(h.agentActivity('builder-1', 1).transitions).toHaveLength(1);
  });
});
