import { describe, expect, it } from 'vitest';
import { AttentionKindSchema, type AttentionItem } from '../../../../core/api/views.ts';
import {
  evaluateAttention,
  type AttentionSubject,
} from '../../../../core/monitor/attention/evaluate-attention.ts';
import { agent, context, lease, NOW, valid } from './attention-fixtures.ts';

// An item's text is computed once, when it is derived, and then shown unchanged for as long as
// the item lives: anything relative to "now" in it ("expired 0s ago") is wrong a minute later.
// The UI renders ages live from `since_ms`; titles, evidence and advice carry absolute facts.
const RELATIVE =
  /\bago\b|\bfrom now\b|\bjust now\b|\bin \d+(\.\d+)?\s*(ms|s|m|h|d)\b|\b(for|since) \d+(\.\d+)?\s*(ms|s|m|h|d)\b/i;

const HOUR = 3_600_000;

/** Subjects that, together, raise every kind of attention item by NOW. */
function everyKind(): { subjects: AttentionSubject[]; agents: ReturnType<typeof agent>[] } {
  const agents = [
    agent(), // crashed a1, holding src/a.ts
    agent({ id: 'b1', key: 'b1', liveness: 'active', held_leases: [] }),
    agent({
      id: 's1',
      key: 's1',
      liveness: 'active',
      held_leases: [],
      last_seen_ms: NOW + 48 * HOUR,
    }),
  ];
  const room = {
    key: 'task/t1/plan',
    scope: 'task' as const,
    scope_id: 't1',
    room: 'plan',
    message_count: 1,
    size_bytes: 100,
    consumers: [],
    kinds: {},
    pending_requests: [
      {
        id: 'm1',
        kind: 'request',
        from: 'a1',
        to: 'b1',
        subject: 'merge?',
        ts_ms: NOW - HOUR,
        cursor: 10,
      },
    ],
  };
  const barrier = {
    key: 'green',
    name: 'green',
    arrived: [{ agent: 'b1', arrived_at_ms: NOW - HOUR }],
    missing: [],
    complete: false,
    first_arrival_ms: NOW - HOUR,
  };
  const subjects: AttentionSubject[] = [
    { entity: 'lease', view: lease() },
    {
      entity: 'lease',
      view: lease({
        key: 'locks/u.lock.d',
        state: 'unrecorded',
        record: undefined,
        dir_mtime_ms: NOW - HOUR,
      }),
    },
    { entity: 'lease', view: lease({ key: 'locks/f.lock.d', state: 'suspect-skew' }) },
    ...agents.map((view) => ({ entity: 'agent' as const, view })),
    {
      entity: 'run',
      view: {
        key: 'r1',
        run_id: 'r1',
        status: 'running',
        attempt: 1,
        lease_state: 'stale',
        orphaned: true,
        checkpoint_count: 1,
        lease_expires_at_ms: NOW - HOUR,
      },
    },
    {
      entity: 'handoff',
      view: {
        key: 'h1',
        id: 'h1',
        state: 'pending',
        from: 'a1',
        to: 'b1',
        message: 'review',
        created_at_ms: NOW - 2 * HOUR,
        deadline_ms: NOW - HOUR,
      },
    },
    {
      entity: 'handoff',
      view: {
        key: 'h2',
        id: 'h2',
        state: 'pending',
        from: 'a1',
        to: 'b1',
        message: 'x',
        created_at_ms: NOW - 2 * HOUR,
      },
    },
    { entity: 'room', view: room },
    {
      entity: 'unsettled',
      view: {
        key: 'p1',
        pipeline_id: 'p1',
        updated_at_ms: NOW,
        summary: '1 partial handoff',
        counts: { suspended: 0, queued: 0, partial: 1, in_flight: 0, pool_pending: 0 },
        suspended_subagents: [],
        queued_triggers: [],
        in_flight_llm_calls: [],
        pool_pending_tasks: [],
        partial_handoffs: [{ envelope_id: 'e1', queued_at_ms: NOW - HOUR, age_ms: HOUR }],
        oldest_queued_at_ms: NOW - HOUR,
      },
    },
    { entity: 'barrier', view: barrier },
    {
      entity: 'barrier',
      view: {
        ...barrier,
        key: 'blue',
        name: 'blue',
        expected: ['b1', 'a1'],
        missing: ['a1'],
        declared_by: ['coord'],
        declared_at_ms: NOW - 2 * HOUR,
      },
    },
    {
      entity: 'barrier',
      view: {
        ...barrier,
        key: 'red',
        name: 'red',
        expected_count: 3,
        declared_by: ['coord'],
        declared_at_ms: NOW - 2 * HOUR,
      },
    },
    {
      entity: 'diagnostic',
      view: {
        key: 'agents/x.json',
        path: 'agents/x.json',
        reason: 'malformed',
        message: 'not JSON',
        first_seen_ms: NOW - HOUR,
      },
    },
  ];
  return { subjects, agents };
}

function itemsAt(now: number): AttentionItem[] {
  const { subjects, agents } = everyKind();
  const ctx = context({ agents, leases: [lease()] }, now);
  return subjects.flatMap((subject) => valid(evaluateAttention(subject, ctx).items));
}

describe('attention text carries absolute times only', () => {
  it('the fixtures raise every kind of item', () => {
    const kinds = new Set(itemsAt(NOW).map((i) => i.kind));
    expect([...kinds].sort()).toEqual([...AttentionKindSchema.options].sort());
  });

  it('no title, evidence value or advice says how long ago or how soon', () => {
    for (const item of itemsAt(NOW)) {
      const texts = [
        item.title,
        ...item.evidence.map((e) => `${e.label}: ${e.value}`),
        item.advice ?? '',
      ];
      for (const text of texts) expect(text, `${item.key}`).not.toMatch(RELATIVE);
    }
  });

  it('the same facts give the same text a minute and a day later', () => {
    const text = (items: AttentionItem[]) =>
      items.map((i) => ({ key: i.key, title: i.title, evidence: i.evidence, advice: i.advice }));
    const now = text(itemsAt(NOW));
    expect(text(itemsAt(NOW + 61_000))).toEqual(now);
    expect(text(itemsAt(NOW + 24 * HOUR))).toEqual(now);
  });

  it('the pattern catches the phrases it exists for', () => {
    for (const bad of [
      'expired 0s ago',
      'in 12s',
      'no progress for 5m',
      'waiting since 3m',
      'just now',
    ]) {
      expect(bad).toMatch(RELATIVE);
    }
    for (const good of ['2023-11-14T22:13:20.000Z', '30s', '10m 00s without an arrival']) {
      expect(good).not.toMatch(RELATIVE);
    }
  });
});
