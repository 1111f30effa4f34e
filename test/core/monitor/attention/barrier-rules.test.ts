import { describe, expect, it } from 'vitest';
import type { AgentView, BarrierView } from '../../../../core/api/views.ts';
import { barrierAttention } from '../../../../core/monitor/attention/barrier-rules.ts';
import { DEFAULT_THRESHOLDS } from '../../../../core/monitor/attention/thresholds.ts';
import { agent, context, NOW, valid } from './attention-fixtures.ts';

const STUCK = DEFAULT_THRESHOLDS.barrier_stuck_ms;

function barrier(over: Partial<BarrierView> = {}): BarrierView {
  return {
    key: 'green',
    name: 'green',
    arrived: [{ agent: 'a1', arrived_at_ms: NOW - 60_000 }],
    missing: [],
    complete: false,
    first_arrival_ms: NOW - 60_000,
    ...over,
  };
}

/** Declared by coord: a1, b1 and c1 expected; a1 arrived a minute ago. */
function declared(over: Partial<BarrierView> = {}): BarrierView {
  return barrier({
    expected: ['a1', 'b1', 'c1'],
    missing: ['b1', 'c1'],
    declared_by: ['coord'],
    declared_at_ms: NOW - 120_000,
    ...over,
  });
}

const live = (id: string, liveness: AgentView['liveness'] = 'active') =>
  agent({ id, key: id, liveness, held_leases: [] });

describe('barrier_stuck with a declared expectation', () => {
  it('is quiet while the missing agents are alive and the threshold has not passed', () => {
    const result = barrierAttention(declared(), context({ agents: [live('b1'), live('c1')] }));
    expect(result).toEqual({ items: [], next_ms: NOW - 60_000 + STUCK });
  });

  it('warns at once when a missing expected agent is crashed or gone, naming exactly who', () => {
    const agents = [live('a1'), live('b1'), live('c1', 'crashed'), live('d1')];
    const [item, ...rest] = valid(barrierAttention(declared(), context({ agents })).items);
    expect(rest).toEqual([]);
    expect(item).toMatchObject({
      kind: 'barrier_stuck',
      severity: 'warning',
      title: 'Barrier green: 1 of 3 arrived, waiting for b1, c1',
      subject: { entity: 'barrier', key: 'green' },
    });
    // Since the later of the last arrival and c1's crash (last seen + timeout), never the future.
    expect(item!.since_ms).toBe(NOW - 60_000);
    expect(item!.evidence).toEqual(
      expect.arrayContaining([
        { label: 'expected', value: 'a1, b1, c1' },
        { label: 'missing', value: 'b1 (active), c1 (crashed)' },
        { label: 'arrived', value: 'a1' },
        {
          label: 'declared by',
          value: `coord (first at ${new Date(NOW - 120_000).toISOString()})`,
        },
      ]),
    );
    // d1 is active but nobody expects it: not named.
    expect(JSON.stringify(item)).not.toContain('d1');
    expect(item!.advice).toContain('c1 is not running');
    const gone = barrierAttention(
      declared(),
      context({ agents: [live('b1', 'gone'), live('c1')] }),
    ).items;
    expect(gone[0]?.severity).toBe('warning');
  });

  it('warns once the threshold passed without an arrival, all missing agents alive', () => {
    const old = declared({
      arrived: [{ agent: 'a1', arrived_at_ms: NOW - STUCK - 1 }],
      first_arrival_ms: NOW - STUCK - 1,
    });
    const items = valid(barrierAttention(old, context({ agents: [live('b1')] })).items);
    expect(items[0]).toMatchObject({ severity: 'warning', since_ms: NOW - 1 });
    expect(items[0]?.evidence).toContainEqual({
      label: 'missing',
      value: 'b1 (active), c1 (unknown)',
    });
  });

  it('counts from the first declaration while nobody has arrived', () => {
    const empty = declared({
      arrived: [],
      first_arrival_ms: undefined,
      missing: ['a1', 'b1', 'c1'],
    });
    expect(barrierAttention(empty, context()).next_ms).toBe(NOW - 120_000 + STUCK);
    const items = barrierAttention({ ...empty, declared_at_ms: NOW - STUCK }, context()).items;
    expect(items[0]).toMatchObject({
      severity: 'warning',
      title: expect.stringContaining('0 of 3'),
    });
    expect(items[0]?.evidence).toContainEqual({ label: 'arrived', value: 'nobody yet' });
  });

  it('a declared count: says how many more, and guesses names from the active agents', () => {
    const counted = barrier({
      arrived: [{ agent: 'a1', arrived_at_ms: NOW - STUCK }],
      expected_count: 3,
      declared_by: ['coord'],
      declared_at_ms: NOW - STUCK,
    });
    const items = valid(
      barrierAttention(counted, context({ agents: [live('a1'), live('b1')] })).items,
    );
    expect(items[0]).toMatchObject({
      severity: 'warning',
      title: 'Barrier green: 1 of 3 arrived, waiting for 2 more',
    });
    expect(items[0]?.evidence).toEqual(
      expect.arrayContaining([
        { label: 'expected', value: '3 arrivals' },
        { label: 'missing', value: '2 more, not named' },
        { label: 'active agents not arrived', value: 'b1' },
      ]),
    );
  });

  it('raises nothing for a complete barrier', () => {
    const done = declared({ missing: [], complete: true });
    expect(barrierAttention(done, context({ agents: [live('c1', 'crashed')] }))).toEqual({
      items: [],
    });
  });
});

describe('barrier_stuck without a declaration (the guess)', () => {
  it('names the active agents that have not arrived, as info, after the threshold', () => {
    const old = barrier({
      arrived: [{ agent: 'a1', arrived_at_ms: NOW - STUCK - 5 }],
      first_arrival_ms: NOW - STUCK - 5,
    });
    const agents = [live('a1'), live('b1'), live('c1', 'gone')];
    const items = valid(barrierAttention(old, context({ agents })).items);
    expect(items[0]).toMatchObject({ severity: 'info', since_ms: NOW - 5 });
    expect(items[0]?.evidence).toContainEqual({
      label: 'active agents not arrived',
      value: 'b1 (active)',
    });
    expect(barrierAttention(barrier(), context({ agents })).next_ms).toBe(NOW - 60_000 + STUCK);
    expect(barrierAttention(old, context({ agents: [live('a1')] })).items).toEqual([]);
    expect(barrierAttention(barrier({ arrived: [] }), context({ agents })).items).toEqual([]);
  });
});
