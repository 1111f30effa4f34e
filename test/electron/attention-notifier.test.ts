import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  REQUEST_NAMES,
  type MonitorHandlers,
  type MonitorService,
} from '../../core/api/contract.ts';
import type { AttentionItem, Delta, Snapshot } from '../../core/api/views.ts';
import { acquireLease } from '../../core/leases/index.ts';
import {
  createAttentionNotifier,
  type AttentionNotice,
} from '../../electron/attention-notifier.ts';
import { startEngine, until } from './support/engine.ts';

function item(key: string, severity: AttentionItem['severity'] = 'warning'): AttentionItem {
  return {
    key,
    kind: 'stale_lease',
    severity,
    title: `lease ${key} is stale`,
    since_ms: 0,
    subject: { entity: 'lease', key },
    evidence: [],
  };
}

/** A service whose snapshot holds `attention` at `seq`, and whose deltas the test pushes. */
function fakeService(attention: AttentionItem[], seq = 10) {
  const listeners = new Set<(delta: Delta) => void>();
  const snapshot: Snapshot = {
    seq,
    server_time_ms: 0,
    status: {
      state: 'ready',
      dir: '/d',
      watching: 'events',
      indexing: { done_bytes: 0, total_bytes: 0, complete: true },
    },
    leases: [],
    agents: [],
    rooms: [],
    runs: [],
    handoffs: [],
    barriers: [],
    unsettled: [],
    attention,
    diagnostics: [],
  };
  const handlers = Object.fromEntries(
    REQUEST_NAMES.map((name) => [
      name,
      (_input: unknown): unknown => Promise.reject(new Error(`${name} not faked`)),
    ]),
  ) as MonitorHandlers;
  handlers.snapshot = () => snapshot;
  let nextSeq = seq;
  const service: MonitorService = {
    handlers,
    on: (event, listener) => {
      if (event !== 'delta') return () => {};
      const l = listener as (delta: Delta) => void;
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const push = (changes: Delta['changes']): void => {
    const delta: Delta = { seq: ++nextSeq, server_time_ms: 0, changes };
    for (const l of listeners) l(delta);
  };
  const upsert = (...items: AttentionItem[]) =>
    push(
      items.map((i) => ({
        op: 'upsert' as const,
        entity: 'attention' as const,
        key: i.key,
        value: i,
      })),
    );
  const remove = (key: string) => push([{ op: 'remove', entity: 'attention', key }]);
  return { service, upsert, remove, listeners };
}

describe('attention notifier', () => {
  let notices: AttentionNotice[];
  let badges: number[];
  beforeEach(() => {
    vi.useFakeTimers();
    notices = [];
    badges = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const make = () =>
    createAttentionNotifier({
      notify: (n) => notices.push(n),
      setBadge: (c) => badges.push(c),
      coalesceMs: 1000,
      quietStartMs: 3000,
    });

  it('counts the start-up items on the badge without announcing them (no flood)', async () => {
    const fake = fakeService(Array.from({ length: 40 }, (_, i) => item(`k${i}`)));
    const notifier = make();
    await notifier.attach(fake.service);
    // Items that settle in during the first seconds are start-up state too.
    fake.upsert(item('late-startup'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(notices).toEqual([]);
    expect(badges.at(-1)).toBe(41);
    expect(notifier.count()).toBe(41);
  });

  it('announces a new item once, after the quiet start, and keeps the badge equal to the count', async () => {
    const fake = fakeService([item('old')]);
    const notifier = make();
    await notifier.attach(fake.service);
    await vi.advanceTimersByTimeAsync(3001);
    fake.upsert(item('new', 'critical'));
    fake.upsert(item('new', 'critical')); // the same item updated: still one
    expect(notices).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(notices).toEqual([{ title: 'Baton: critical', body: 'lease new is stale' }]);
    expect(badges.at(-1)).toBe(2);
    fake.remove('old');
    expect(badges.at(-1)).toBe(1);
  });

  it('coalesces a burst into one notification, and skips what resolved before it went out', async () => {
    const fake = fakeService([]);
    await make().attach(fake.service);
    await vi.advanceTimersByTimeAsync(3001);
    fake.upsert(item('a'), item('b'));
    fake.upsert(item('c'));
    fake.upsert(item('d'), item('e'), item('gone'));
    fake.remove('gone');
    fake.upsert(item('note', 'info')); // counted, not announced
    await vi.advanceTimersByTimeAsync(1000);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.title).toBe('Baton: 5 new items need attention');
    expect(notices[0]?.body).toBe(
      'lease a is stale\nlease b is stale\nlease c is stale\nand 2 more',
    );
    expect(badges.at(-1)).toBe(6);
  });

  it('does not announce an item flapping back within the re-notify window', async () => {
    const fake = fakeService([]);
    await make().attach(fake.service);
    await vi.advanceTimersByTimeAsync(3001);
    fake.upsert(item('flap'));
    await vi.advanceTimersByTimeAsync(1000);
    fake.remove('flap');
    fake.upsert(item('flap'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(notices).toHaveLength(1);
  });

  it('starts over on attach (directory switch) and stops following the old engine', async () => {
    const first = fakeService([item('a')]);
    const second = fakeService([item('x'), item('y')], 3);
    const notifier = make();
    await notifier.attach(first.service);
    await notifier.attach(second.service);
    expect(first.listeners.size).toBe(0);
    expect(badges.at(-1)).toBe(2);
    await vi.advanceTimersByTimeAsync(3001);
    first.upsert(item('ignored'));
    second.upsert(item('z'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(notices.map((n) => n.body)).toEqual(['lease z is stale']);
    notifier.detach();
    expect(badges.at(-1)).toBe(0);
  });
});

describe('attention notifier on a real engine', () => {
  it('stays quiet for the stale lease found at start, announces the one that goes stale later', async () => {
    const engine = await startEngine();
    try {
      acquireLease(engine.dir, 'src/at-start.ts', { ttl_ms: 0, owner: { id: 'crashed' } });
      await engine.monitor.idle();
      const notices: AttentionNotice[] = [];
      const badges: number[] = [];
      const notifier = createAttentionNotifier({
        notify: (n) => notices.push(n),
        setBadge: (c) => badges.push(c),
        coalesceMs: 50,
        quietStartMs: 300,
      });
      await notifier.attach(engine.monitor);
      await until(() => badges.at(-1) === 1, 5000, 'the badge showing the stale lease');
      await new Promise((resolve) => setTimeout(resolve, 400));
      acquireLease(engine.dir, 'src/later.ts', { ttl_ms: 0, owner: { id: 'crashed' } });
      await until(() => notices.length === 1, 8000, 'one notification');
      expect(notices[0]?.body).toContain('src/later.ts');
      expect(badges.at(-1)).toBe(2);
      notifier.detach();
    } finally {
      await engine.close();
    }
  });
});
