import { describe, expect, it } from 'vitest';
import type { AgentView, LeaseView, RunView, UnsettledView } from '../../../../core/api/views.ts';
import { evaluateAttention } from '../../../../core/monitor/attention/evaluate-attention.ts';
import { agent, context, lease, NOW, valid } from './attention-fixtures.ts';

const MIN = 60_000;

function unsettled(over: Partial<UnsettledView>): UnsettledView {
  return {
    key: 'ingest',
    pipeline_id: 'ingest',
    updated_at_ms: NOW,
    summary: 's',
    counts: { suspended: 0, queued: 0, partial: 0, in_flight: 0, pool_pending: 0 },
    suspended_subagents: [],
    queued_triggers: [],
    partial_handoffs: [],
    in_flight_llm_calls: [],
    pool_pending_tasks: [],
    ...over,
  };
}

describe('unsettled work: the advice settles the item it cites', () => {
  it('an old queued trigger with a fresh partial handoff: no acknowledge button, says what to check', () => {
    const view = unsettled({
      queued_triggers: [{ id: 't-7', queued_at_ms: NOW - 60 * MIN }],
      partial_handoffs: [{ envelope_id: 'envelope_3', queued_at_ms: NOW - 1 * MIN, age_ms: MIN }],
      oldest_queued_at_ms: NOW - 60 * MIN,
    });
    const [item] = valid(evaluateAttention({ entity: 'unsettled', view }, context()).items);
    expect(item?.kind).toBe('unsettled_old');
    expect(item?.action).toBeUndefined();
    expect(item?.evidence).toContainEqual({ label: 'oldest item', value: 'queued trigger t-7' });
    expect(item?.advice).toContain('queued trigger t-7');
    expect(item?.advice).toMatch(/only pipeline ingest can settle/);
    expect(item?.advice).not.toMatch(/envelope_3/);
  });

  it('the oldest item is a partial handoff: recommends acknowledging exactly that one', () => {
    const view = unsettled({
      queued_triggers: [{ id: 't-7', queued_at_ms: NOW - 20 * MIN }],
      partial_handoffs: [
        { envelope_id: 'envelope_4', queued_at_ms: NOW - 10 * MIN, age_ms: 0 },
        { envelope_id: 'envelope_2', queued_at_ms: NOW - 40 * MIN, age_ms: 0 },
      ],
      oldest_queued_at_ms: NOW - 40 * MIN,
    });
    const [item] = valid(evaluateAttention({ entity: 'unsettled', view }, context()).items);
    expect(item?.action).toMatchObject({
      request: 'ackPartialHandoff',
      label: 'Acknowledge partial handoff envelope_2',
      input: { pipeline_id: 'ingest', envelope_id: 'envelope_2' },
    });
    expect(item?.since_ms).toBe(NOW - 40 * MIN + 15 * MIN);
  });
});

describe('attention ages (since_ms)', () => {
  it('clock skew counts from when it was first observed, not from each evaluation', () => {
    const ctx0 = context();
    const skewed = agent({ liveness: 'active', held_leases: [], last_seen_ms: NOW + 5 * MIN });
    const first = evaluateAttention({ entity: 'agent', view: skewed }, ctx0).items;
    expect(first[0]).toMatchObject({ kind: 'clock_skew', since_ms: NOW });
    // Two minutes and many heartbeats later (each one rewrites last_seen_ms, still ahead).
    const later = { ...ctx0, now: NOW + 2 * MIN };
    const again = evaluateAttention(
      { entity: 'agent', view: { ...skewed, last_seen_ms: NOW + 7 * MIN } },
      later,
    ).items;
    expect(again[0]).toMatchObject({ kind: 'clock_skew', since_ms: NOW });
    // Cleared, then back: counts from the recurrence.
    const fixed = { ...ctx0, now: NOW + 3 * MIN };
    expect(
      evaluateAttention(
        { entity: 'agent', view: { ...skewed, last_seen_ms: NOW + 3 * MIN } },
        fixed,
      ).items,
    ).toEqual([]);
    const back = { ...ctx0, now: NOW + 4 * MIN };
    expect(
      evaluateAttention({ entity: 'agent', view: { ...skewed, last_seen_ms: NOW + 9 * MIN } }, back)
        .items[0]?.since_ms,
    ).toBe(NOW + 4 * MIN);
  });

  it('a lease updated in the future also counts from when it was first observed', () => {
    const ctx0 = context();
    const view = lease({ state: 'suspect-skew' });
    view.record = { ...view.record!, updated_at_ms: NOW + 5 * MIN };
    expect(evaluateAttention({ entity: 'lease', view }, ctx0).items[0]?.since_ms).toBe(NOW);
    expect(
      evaluateAttention({ entity: 'lease', view }, { ...ctx0, now: NOW + MIN }).items[0]?.since_ms,
    ).toBe(NOW);
  });

  it('a crashed agent holding leases: the same since_ms whether its pid died or its timeout passed', () => {
    const seen = NOW - 10_000;
    const crashed = agent({ last_seen_ms: seen, timeout_ms: 45_000, pid: 4242, host: 'here' });
    // Found dead by its pid, 10 s after its last heartbeat: the timeout is 35 s away.
    const byPid = evaluateAttention({ entity: 'agent', view: crashed }, context()).items;
    // A minute later the timeout rule agrees it crashed.
    const byTimeout = evaluateAttention(
      { entity: 'agent', view: crashed },
      context({}, NOW + MIN),
    ).items;
    expect(byPid[0]?.kind).toBe('crashed_agent_holding');
    expect(byPid[0]?.since_ms).toBe(seen);
    expect(byTimeout[0]?.since_ms).toBe(seen);
  });
});

describe('an orphaned run and its stale lease tell one story', () => {
  const run: RunView = {
    key: 'r-1',
    run_id: 'r-1',
    status: 'running',
    attempt: 1,
    worker_id: 'w1',
    lease_state: 'stale',
    orphaned: true,
    checkpoint_count: 2,
    lease_expires_at_ms: NOW - 30_000,
  };
  const runLease: LeaseView = lease({
    key: 'runs/r-1/lease.lock.d',
    resource_path: 'runs/r-1',
    lock_path: 'runs/r-1/lease.lock.d',
    holder: 'w1',
    holder_liveness: 'crashed',
    run_id: 'r-1',
  });

  it('no "release it" item for the lease of a resumable run; the run item says no release is needed', () => {
    const ctx = context({ runs: [run] });
    expect(evaluateAttention({ entity: 'lease', view: runLease }, ctx).items).toEqual([]);
    const [item] = valid(evaluateAttention({ entity: 'run', view: run }, ctx).items);
    expect(item?.kind).toBe('orphaned_run');
    expect(item?.action).toBeUndefined();
    expect(item?.advice).toMatch(/^Nothing to do by hand/);
    expect(item?.advice).toMatch(/Do not release the run's lease/);
  });

  it('the same lease of a finished run (not resumable) still raises a stale-lease item', () => {
    const ctx = context({ runs: [{ ...run, status: 'succeeded', orphaned: false }] });
    const items = evaluateAttention({ entity: 'lease', view: runLease }, ctx).items;
    expect(items.map((i) => i.kind)).toEqual(['stale_lease']);
  });

  it('a departed worker whose only lease is its resumable run lease: no release recommended', () => {
    const worker: AgentView = agent({
      id: 'w1',
      key: 'w1',
      liveness: 'gone',
      held_leases: ['runs/r-1'],
    });
    const ctx = context({ runs: [run], leases: [runLease] });
    const [item] = evaluateAttention({ entity: 'agent', view: worker }, ctx).items;
    expect(item?.kind).toBe('crashed_agent_holding');
    expect(item?.action).toBeUndefined();
  });
});

describe('an agent whose record cannot be read', () => {
  it('raises no "crashed agent" item (and so no "Mark gone")', () => {
    const unreadable: AgentView = {
      key: 'a1',
      id: 'a1',
      name: 'a1',
      liveness: 'crashed',
      held_leases: ['src/a.ts'],
      held_paths: {},
      problem: 'agents/a1.json: Unexpected end of JSON input',
    };
    const ctx = context({ leases: [lease()] });
    expect(evaluateAttention({ entity: 'agent', view: unreadable }, ctx).items).toEqual([]);
  });
});
