import { describe, expect, it } from 'vitest';
import type { AttentionItem, RunView } from '../../../../core/api/views.ts';
import { compareAttention } from '../../../../core/monitor/attention/attention-context.ts';
import { evaluateAttention } from '../../../../core/monitor/attention/evaluate-attention.ts';
import {
  DEFAULT_THRESHOLDS,
  resolveThresholds,
} from '../../../../core/monitor/attention/thresholds.ts';
import { agent, context, lease, NOW, valid } from './attention-fixtures.ts';

describe('attention rules', () => {
  it('stale lease: warning with a live holder, critical with a crashed one; action releases by token', () => {
    const warn = valid(evaluateAttention({ entity: 'lease', view: lease() }, context()).items);
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatchObject({
      kind: 'stale_lease',
      severity: 'warning',
      since_ms: NOW - 30_000,
      action: {
        request: 'releaseLease',
        input: { resource_path: 'locks/src/a.ts.lock.d', expected_token: 'tok-1', force: false },
        needs_reason: false,
      },
    });
    const crit = evaluateAttention(
      { entity: 'lease', view: lease({ holder_liveness: 'crashed', run_id: 'r1' }) },
      context({
        runs: [
          {
            key: 'r1',
            run_id: 'r1',
            status: 'running',
            lease_state: 'stale',
            orphaned: true,
            checkpoint_count: 2,
          },
        ],
      }),
    ).items;
    expect(crit[0]?.severity).toBe('critical');
    expect(crit[0]?.evidence).toContainEqual({ label: 'run', value: 'r1 (running)' });
    expect(
      evaluateAttention({ entity: 'lease', view: lease({ state: 'active' }) }, context()).items,
    ).toEqual([]);
  });

  it('unrecorded or malformed lease: force release with a reason; suspect-skew: clock advice', () => {
    const unrec = valid(
      evaluateAttention(
        {
          entity: 'lease',
          view: lease({
            state: 'unrecorded',
            record: undefined,
            holder: undefined,
            dir_mtime_ms: NOW - 10_000,
          }),
        },
        context(),
      ).items,
    );
    expect(unrec[0]).toMatchObject({
      kind: 'unrecorded_lease',
      action: { input: { force: true }, needs_reason: true },
      since_ms: NOW - 10_000,
    });
    const skew = valid(
      evaluateAttention({ entity: 'lease', view: lease({ state: 'suspect-skew' }) }, context())
        .items,
    );
    expect(skew[0]?.kind).toBe('clock_skew');
    expect(skew[0]?.advice).toContain('h1');
  });

  it('crashed agent holding leases: critical, recommends marking it gone with what the operator saw', () => {
    const items = valid(
      evaluateAttention({ entity: 'agent', view: agent() }, context({ leases: [lease()] })).items,
    );
    expect(items[0]).toMatchObject({
      kind: 'crashed_agent_holding',
      severity: 'critical',
      action: {
        request: 'markAgentGone',
        input: { agent_id: 'a1', expected_last_seen_ms: NOW - 120_000 },
      },
    });
    const gone = evaluateAttention(
      { entity: 'agent', view: agent({ liveness: 'gone' }) },
      context({ leases: [lease()] }),
    ).items;
    expect(gone[0]?.action).toMatchObject({
      request: 'releaseLease',
      input: { expected_token: 'tok-1' },
    });
    expect(
      evaluateAttention({ entity: 'agent', view: agent({ held_leases: [] }) }, context()).items,
    ).toEqual([]);
    const future = evaluateAttention(
      {
        entity: 'agent',
        view: agent({ liveness: 'active', held_leases: [], last_seen_ms: NOW + 120_000 }),
      },
      context(),
    );
    expect(future.items[0]?.kind).toBe('clock_skew');
    expect(future.next_ms).toBe(NOW + 120_000 - DEFAULT_THRESHOLDS.clock_skew_ms);
  });

  it('orphaned run: advice to resume at the next attempt', () => {
    const run: RunView = {
      key: 'r1',
      run_id: 'r1',
      status: 'running',
      attempt: 2,
      lease_state: 'stale',
      orphaned: true,
      checkpoint_count: 3,
      lease_expires_at_ms: NOW - 5_000,
    };
    const items = valid(evaluateAttention({ entity: 'run', view: run }, context()).items);
    expect(items[0]).toMatchObject({ kind: 'orphaned_run', since_ms: NOW - 5_000 });
    expect(items[0]?.advice).toContain('attempt 3');
    expect(
      evaluateAttention({ entity: 'run', view: { ...run, orphaned: false } }, context()).items,
    ).toEqual([]);
  });

  it('handoff overdue at its deadline, else after the threshold; next_ms says when', () => {
    const base = {
      key: 'h1',
      id: 'h1',
      state: 'pending' as const,
      from: 'a1',
      to: 'b1',
      message: 'review',
      created_at_ms: NOW - 1_000,
    };
    const early = evaluateAttention({ entity: 'handoff', view: base }, context());
    expect(early.items).toEqual([]);
    expect(early.next_ms).toBe(NOW - 1_000 + DEFAULT_THRESHOLDS.handoff_overdue_ms);
    const late = valid(
      evaluateAttention({ entity: 'handoff', view: { ...base, deadline_ms: NOW - 1 } }, context())
        .items,
    );
    expect(late[0]).toMatchObject({
      kind: 'handoff_overdue',
      action: { request: 'declineHandoff', input: { id: 'h1' }, needs_reason: true },
    });
    expect(
      evaluateAttention(
        { entity: 'handoff', view: { ...base, state: 'accepted', deadline_ms: NOW - 1 } },
        context(),
      ).items,
    ).toEqual([]);
  });

  it('request unanswered past the threshold, one item per request, with a reply action', () => {
    const msg = (id: string, ts: number) => ({
      id,
      kind: 'request',
      from: 'a1',
      subject: `q ${id}`,
      ts_ms: ts,
      cursor: 10,
    });
    const room = {
      key: 'task/t1/plan',
      scope: 'task' as const,
      scope_id: 't1',
      room: 'plan',
      message_count: 2,
      size_bytes: 100,
      consumers: [],
      kinds: {},
      pending_requests: [msg('m1', NOW - 120_000), msg('m2', NOW - 1_000)],
    };
    const result = evaluateAttention({ entity: 'room', view: room }, context());
    expect(valid(result.items).map((i) => i.key)).toEqual([
      'request_unanswered:room:task/t1/plan#m1',
    ]);
    expect(result.items[0]?.action).toMatchObject({
      request: 'postMessage',
      input: { room: 'task/t1/plan', reply_to: 'm1', to: 'a1' },
    });
    expect(result.next_ms).toBe(NOW - 1_000 + 60_000);
  });

  it('unsettled work older than the threshold recommends acknowledging the oldest partial handoff', () => {
    const view = {
      key: 'p1',
      pipeline_id: 'p1',
      updated_at_ms: NOW,
      summary: 's',
      counts: { suspended: 0, queued: 0, partial: 2, in_flight: 0, pool_pending: 0 },
      suspended_subagents: [],
      queued_triggers: [],
      in_flight_llm_calls: [],
      pool_pending_tasks: [],
      partial_handoffs: [
        { envelope_id: 'envelope_2', queued_at_ms: NOW - 2 * 3_600_000, age_ms: 0 },
        { envelope_id: 'envelope_1', queued_at_ms: NOW - 3 * 3_600_000, age_ms: 0 },
      ],
      oldest_queued_at_ms: NOW - 3 * 3_600_000,
    };
    const items = valid(evaluateAttention({ entity: 'unsettled', view }, context()).items);
    expect(items[0]?.action).toMatchObject({
      request: 'ackPartialHandoff',
      input: { pipeline_id: 'p1', envelope_id: 'envelope_1' },
    });
  });

  it('barrier stuck: infers the missing from active agents when nobody recorded who is expected', () => {
    const view = {
      key: 'green',
      name: 'green',
      arrived: [{ agent: 'a1', arrived_at_ms: NOW - 3_600_000 }],
      missing: [],
      complete: false,
      first_arrival_ms: NOW - 3_600_000,
    };
    const agents = [
      agent({ id: 'a1', key: 'a1', liveness: 'active' }),
      agent({ id: 'b1', key: 'b1', liveness: 'active' }),
      agent({ id: 'c1', key: 'c1', liveness: 'gone' }),
    ];
    const items = valid(evaluateAttention({ entity: 'barrier', view }, context({ agents })).items);
    expect(items[0]?.evidence).toContainEqual({
      label: 'active agents not arrived',
      value: 'b1 (active)',
    });
    const allThere = evaluateAttention(
      { entity: 'barrier', view },
      context({ agents: [agents[0]!] }),
    );
    expect(allThere.items).toEqual([]);
  });

  it('diagnostics: warning naming file and reason; unsupported schemas are info', () => {
    const diag = {
      key: 'agents/x.json',
      path: 'agents/x.json',
      reason: 'malformed' as const,
      message: 'not JSON',
      first_seen_ms: NOW,
    };
    const items = valid(evaluateAttention({ entity: 'diagnostic', view: diag }, context()).items);
    expect(items[0]).toMatchObject({
      kind: 'unreadable_file',
      severity: 'warning',
      title: 'agents/x.json is malformed',
    });
    expect(
      evaluateAttention(
        { entity: 'diagnostic', view: { ...diag, reason: 'unsupported' } },
        context(),
      ).items[0]?.severity,
    ).toBe('info');
  });

  it('sorts most severe first, then oldest', () => {
    const item = (
      key: string,
      severity: AttentionItem['severity'],
      since: number,
    ): AttentionItem => ({
      key,
      kind: 'stale_lease',
      severity,
      title: key,
      since_ms: since,
      subject: { entity: 'lease', key },
      evidence: [],
    });
    const sorted = [
      item('w-new', 'warning', 5),
      item('i', 'info', 1),
      item('c', 'critical', 9),
      item('w-old', 'warning', 2),
    ].sort(compareAttention);
    expect(sorted.map((i) => i.key)).toEqual(['c', 'w-old', 'w-new', 'i']);
  });

  it('refuses a negative threshold by naming it', () => {
    expect(() => resolveThresholds({ barrier_stuck_ms: -1 })).toThrow(
      /thresholds.barrier_stuck_ms/,
    );
  });
});
