import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AttentionItem, HandoffView, RunView, UnsettledView } from '../../core/api/views.ts';
import { missingInput, type Facts } from '../../renderer/src/actions/action-plan.ts';
import {
  acceptHandoffPlan,
  ackPartialPlan,
  planForAttention,
} from '../../renderer/src/actions/plans.tsx';
import {
  previewChanges,
  skippedResult,
} from '../../renderer/src/components/bulk-release-result.ts';
import { CurrentState } from '../../renderer/src/components/current-state.tsx';
import { KeyValues } from '../../renderer/src/components/key-values.tsx';
import { formatTimestamp } from '../../renderer/src/format/duration.ts';
import { emptyEntities, type EntityMaps } from '../../renderer/src/state/entities.ts';
import { LeaseReleaseControl } from '../../renderer/src/views/lease-release-control.tsx';
import { orphanedRunOf } from '../../renderer/src/state/run-lease.ts';
import { agent, lease, room, T0 } from './support/fixtures.ts';

// Review 2 (N1, N2, N3, N7, N9, rows 12 and 16): every operator action follows its subject,
// shows what it acts on and cannot be confirmed into a request that must fail.

const text = (facts: Facts) => renderToStaticMarkup(<KeyValues rows={facts} />);

function item(patch: Partial<AttentionItem>): AttentionItem {
  return {
    key: 'item-1',
    kind: 'request_unanswered',
    severity: 'warning',
    title: 'Request without a reply',
    since_ms: T0,
    subject: { entity: 'room', key: 'session/s1/general' },
    evidence: [{ label: 'Sent', value: '2023-11-14T22:13:20.000Z' }],
    ...patch,
  } as AttentionItem;
}

const REQUEST = {
  id: 'm-req',
  kind: 'request',
  from: 'bob',
  to: 'operator',
  subject: 'may I deploy?',
  ts_ms: T0,
  cursor: 1,
};

function withRoom(pending: boolean): EntityMaps {
  const r = room('session/s1/general', { pending_requests: pending ? [REQUEST] : [] });
  return { ...emptyEntities(), room: new Map([[r.key, r]]) };
}

const replyItem = (kind?: string) =>
  item({
    action: {
      request: 'postMessage',
      label: 'Reply to bob',
      input: {
        room: 'session/s1/general',
        to: 'bob',
        reply_to: 'm-req',
        ...(kind ? { kind } : {}),
      },
      needs_reason: false,
    },
  });

describe('N1: replying to a request from Attention', () => {
  it('asks for a required body and sends the input kind, to and reply_to with it', () => {
    const plan = planForAttention(replyItem('decision'), withRoom(true), T0, 'op')!;
    expect(plan.request).toBe('postMessage');
    expect(plan.text).toMatchObject({ field: 'body', required: true });
    expect(plan.input).toEqual({
      room: 'session/s1/general',
      to: 'bob',
      reply_to: 'm-req',
      kind: 'decision',
    });
    // No body typed: not sendable; typed: sendable.
    expect(missingInput(plan, '  ')).toBeDefined();
    expect(missingInput(plan, 'yes, go ahead')).toBeUndefined();
    // Evidence times are local, as everywhere else.
    expect(text(plan.facts)).toContain(formatTimestamp(T0));
  });

  it("uses 'ack' when the input carries no kind, and the kind it carries otherwise", () => {
    expect(planForAttention(replyItem(), withRoom(true), T0, 'op')!.input['kind']).toBe('ack');
    expect(planForAttention(replyItem('ack'), withRoom(true), T0, 'op')!.input['kind']).toBe('ack');
  });

  it('follows the request: answered meanwhile disables confirm', () => {
    const plan = planForAttention(replyItem('ack'), withRoom(true), T0, 'op')!;
    expect(plan.follow?.(withRoom(true), T0, 'now').changed).toBeUndefined();
    expect(plan.follow?.(withRoom(false), T0, 'now').changed).toMatch(/answered/);
  });

  it('no postMessage plan is sendable without a body', () => {
    const noRoom = item({
      action: { request: 'postMessage', label: 'Post', input: {}, needs_reason: false },
    });
    const plan = planForAttention(noRoom, emptyEntities(), T0, 'op')!;
    expect(missingInput(plan, '')).toBeDefined();
    expect(missingInput(plan, 'typed into a reason field')).toBeDefined();
  });
});

describe("N2: force-release from a departed agent's item", () => {
  const held = lease('ops/x', { holder: 'jo', token: 'tok-jo' });
  const departed = item({
    kind: 'crashed_agent_holding',
    subject: { entity: 'agent', key: 'agents/jo.json' },
    action: {
      request: 'releaseLease',
      label: 'Release ops/x',
      input: { resource_path: 'ops/x', expected_token: 'tok-jo', force: true },
      needs_reason: true,
    },
  });
  const entities = (l = held): EntityMaps => ({
    ...emptyEntities(),
    lease: new Map([[l.key, l]]),
    agent: new Map([['agents/jo.json', agent('jo', { liveness: 'gone' })]]),
  });

  it('is the lease plan: token, holder and state shown, the shown token sent', () => {
    const plan = planForAttention(departed, entities(), T0, 'op')!;
    // The lease facts, not the agent's evidence (Expiry's countdown needs the app, so by label).
    const labels = plan.facts.map(([label]) => label);
    expect(labels).toEqual(expect.arrayContaining(['Token', 'State now', 'Owner', 'Expiry']));
    expect(text(plan.facts.filter(([l]) => l === 'Token'))).toContain('tok-jo');
    expect(plan.input).toMatchObject({ resource_path: 'ops/x', expected_token: 'tok-jo' });
    expect(plan.follow?.(entities(), T0, 'now').changed).toBeUndefined();
  });

  it('follows the lease: taken by kim disables confirm', () => {
    const plan = planForAttention(departed, entities(), T0, 'op')!;
    const kim = lease('ops/x', { holder: 'kim', token: 'tok-kim' });
    expect(plan.follow?.(entities(kim), T0, 'now').changed).toMatch(/now held by kim/);
    expect(plan.follow?.(emptyEntities(), T0, 'now').changed).toMatch(/released/);
  });

  it('the item named another token than the store shows: refuses at once', () => {
    const kim = lease('ops/x', { holder: 'kim', token: 'tok-kim' });
    const plan = planForAttention(departed, entities(kim), T0, 'op')!;
    expect(plan.follow?.(entities(kim), T0, 'now').changed).toMatch(/another token/);
  });

  it('a lease no longer in the store cannot be confirmed', () => {
    const plan = planForAttention(departed, emptyEntities(), T0, 'op')!;
    expect(plan.follow?.(emptyEntities(), T0, 'now').changed).toMatch(/released/);
  });
});

describe('N3: acknowledging a partial handoff follows it', () => {
  const envelope = { envelope_id: 'env-1', from: 'a', to: 'b', queued_at_ms: T0, age_ms: 0 };
  const pipe = (partial: (typeof envelope)[]): UnsettledView => ({
    key: 'pipe-a',
    pipeline_id: 'pipe-a',
    updated_at_ms: T0,
    counts: { suspended: 0, queued: 0, partial: partial.length, in_flight: 0, pool_pending: 0 },
    summary: '',
    suspended_subagents: [],
    queued_triggers: [],
    partial_handoffs: partial,
    in_flight_llm_calls: [],
    pool_pending_tasks: [],
  });
  const at = (u?: UnsettledView): EntityMaps => ({
    ...emptyEntities(),
    unsettled: new Map(u ? [[u.key, u]] : []),
  });

  it('changed once the envelope is acknowledged, or the pipeline is gone', () => {
    const plan = ackPartialPlan(pipe([envelope]), envelope);
    expect(plan.follow?.(at(pipe([envelope])), T0, 'now').changed).toBeUndefined();
    expect(plan.follow?.(at(pipe([])), T0, 'now').changed).toMatch(/env-1 is no longer/);
    expect(plan.follow?.(at(), T0, 'now').changed).toMatch(/no longer unsettled/);
  });
});

describe('N7: the bulk preview follows its leases', () => {
  const gina = lease('ops/disc-c', { holder: 'gina', expires: T0 - 1, state: 'stale' });
  const other = lease('ops/disc-d', { holder: 'hal', expires: T0 - 1, state: 'stale' });

  it('a lease re-taken, renewed or released is named, the others are not', () => {
    const ivan = lease('ops/disc-c', { holder: 'ivan', token: 'tok-ivan' });
    const now = new Map([
      [ivan.key, ivan],
      [other.key, other],
    ]);
    const changes = previewChanges([gina, other], now, T0);
    expect([...changes.keys()]).toEqual([gina.key]);
    expect(changes.get(gina.key)).toMatch(/now held by ivan/);
    expect(previewChanges([gina, other], new Map([[other.key, other]]), T0).get(gina.key)).toMatch(
      /released/,
    );
    expect(previewChanges([gina], new Map([[gina.key, { ...gina }]]), T0 + 60_000).size).toBe(0);
  });

  it('a skipped row says it was not sent and why', () => {
    expect(skippedResult('now held by ivan (active)')).toMatchObject({
      ok: false,
      code: 'skipped',
      text: 'not sent: changed since the preview: now held by ivan (active)',
    });
  });
});

describe("Row 12: an orphaned run's own lease", () => {
  const runLease = { ...lease('runs/r-1/lease.lock.d'), key: 'runs/r-1/lease.lock.d' };
  const run = { key: 'r-1', run_id: 'r-1', orphaned: true } as RunView;

  it('offers no Release…, and says the next worker takes it over', () => {
    const orphan = orphanedRunOf(runLease, new Map([[run.key, run]]));
    expect(orphan?.run_id).toBe('r-1');
    const html = renderToStaticMarkup(
      <LeaseReleaseControl
        lease={runLease}
        force={false}
        orphanRun={orphan}
        onRelease={() => {}}
      />,
    );
    expect(html).not.toContain('<button');
    expect(html).toContain('next worker');
  });

  it('a run that resumed, or a resource lease, keeps Release…', () => {
    expect(orphanedRunOf(runLease, new Map([[run.key, { ...run, orphaned: false }]]))).toBe(
      undefined,
    );
    expect(orphanedRunOf(lease('src/a.ts'), new Map([[run.key, run]]))).toBe(undefined);
    const html = renderToStaticMarkup(
      <LeaseReleaseControl
        lease={lease('src/a.ts')}
        force={false}
        orphanRun={undefined}
        onRelease={() => {}}
      />,
    );
    expect(html).toContain('Release…');
  });
});

describe('N9: the accept dialog shows the decision with its note', () => {
  it('"accepted by bob: on it now"', () => {
    const pending: HandoffView = {
      key: 'h-1',
      id: 'h-1',
      state: 'pending',
      from: 'a',
      to: 'bob',
      message: 'm',
      created_at_ms: T0,
    };
    const decided: HandoffView = {
      ...pending,
      state: 'accepted',
      decision: { decision: 'accepted', by: 'bob', at_ms: T0, note: 'on it now' },
    };
    const plan = acceptHandoffPlan(pending, 'op', emptyEntities());
    const now = { ...emptyEntities(), handoff: new Map([[decided.key, decided]]) };
    expect(text(plan.follow!(now, T0, 'now').facts)).toContain('accepted by bob: on it now');
  });
});

describe('Row 16: the NOW panel reads known shapes', () => {
  it('an acknowledgement as labelled values, times local', () => {
    const html = renderToStaticMarkup(
      <CurrentState
        value={{
          settled: true,
          by: 'tester-1',
          decision: 'requeued for tomorrow',
          acknowledged_at_ms: T0,
          lifecycle_seq: 7,
        }}
      />,
    );
    expect(html).toContain('tester-1');
    expect(html).toContain('requeued for tomorrow');
    expect(html).toContain(formatTimestamp(T0));
    expect(html).not.toContain('acknowledged_at_ms');
  });

  it('an agent as labelled values; an unknown shape stays JSON', () => {
    const html = renderToStaticMarkup(
      <CurrentState value={agent('jo', { liveness: 'active', held_leases: ['ops/x'] })} />,
    );
    expect(html).toContain(formatTimestamp(T0));
    expect(html).toContain('ops/x');
    expect(html).not.toContain('last_seen_ms');
    expect(renderToStaticMarkup(<CurrentState value={{ odd: 1 }} />)).toContain('odd');
  });
});
