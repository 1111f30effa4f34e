import { describe, expect, it } from 'vitest';
import type { AgentView, LeaseView } from '../../../core/api/views.ts';
import { baselineTransitions } from '../../../core/monitor/baseline-transitions.ts';
import type { RecordedTransition } from '../../../core/monitor/history-port.ts';
import { agent, lease, NOW } from './attention/attention-fixtures.ts';

const T = NOW + 1_000;
const held = (over: Partial<LeaseView> = {}): LeaseView => lease({ state: 'active', ...over });
const rec = (kind: string, ts: number, agentId?: string): RecordedTransition => ({
  ts_ms: ts,
  entity: kind.startsWith('lease') ? 'lease' : 'agent',
  key: kind.startsWith('lease') ? 'locks/src/a.ts.lock.d' : 'a1',
  kind,
  ...(agentId !== undefined ? { agent: agentId } : {}),
});
const kinds = (leases: LeaseView[], agents: AgentView[], last: RecordedTransition[]) =>
  baselineTransitions(leases, agents, last, T).map((t) => `${t.key} ${t.kind}`);

describe('baselineTransitions', () => {
  it('records what the history never saw, as found', () => {
    expect(
      kinds([held(), lease()], [agent(), agent({ id: 'a2', liveness: 'active' })], []),
    ).toEqual([
      'locks/src/a.ts.lock.d lease.acquired',
      'locks/src/a.ts.lock.d lease.stale',
      'a1 agent.crashed',
      'a2 agent.observed',
    ]);
  });

  it('records nothing where the last transition agrees (same holder, acquired before it)', () => {
    expect(kinds([held()], [], [rec('lease.renewed', NOW - 10_000, 'a1')])).toEqual([]);
    expect(kinds([lease()], [], [rec('lease.stale', NOW - 10_000, 'a1')])).toEqual([]);
    expect(kinds([], [agent()], [rec('agent.crashed', NOW - 10_000)])).toEqual([]);
    expect(kinds([], [agent({ liveness: 'active' })], [rec('agent.recovered', NOW)])).toEqual([]);
  });

  it('records where the state differs: another holder, a later acquisition, stale, renewed, recovered, released', () => {
    expect(kinds([held()], [], [rec('lease.acquired', NOW - 10_000, 'a2')])).toEqual([
      'locks/src/a.ts.lock.d lease.acquired',
    ]);
    // Same holder, but acquired after the last transition: a new acquisition.
    expect(kinds([held()], [], [rec('lease.acquired', NOW - 90_000, 'a1')])).toEqual([
      'locks/src/a.ts.lock.d lease.acquired',
    ]);
    // ... unless the holder's clock is known to be ahead: then by holder only.
    expect(
      kinds([held({ state: 'suspect-skew' })], [], [rec('lease.acquired', NOW - 90_000, 'a1')]),
    ).toEqual([]);
    expect(kinds([lease()], [], [rec('lease.acquired', NOW - 10_000, 'a1')])).toEqual([
      'locks/src/a.ts.lock.d lease.stale',
    ]);
    expect(kinds([held()], [], [rec('lease.stale', NOW - 10_000, 'a1')])).toEqual([
      'locks/src/a.ts.lock.d lease.renewed',
    ]);
    expect(kinds([held()], [], [rec('lease.released', NOW - 10_000, 'a1')])).toEqual([
      'locks/src/a.ts.lock.d lease.acquired',
    ]);
    expect(kinds([], [agent({ liveness: 'active' })], [rec('agent.crashed', NOW)])).toEqual([
      'a1 agent.recovered',
    ]);
    const gone = baselineTransitions([], [], [rec('lease.renewed', NOW, 'a1')], T);
    expect(gone).toEqual([
      {
        ts_ms: T,
        entity: 'lease',
        key: 'locks/src/a.ts.lock.d',
        kind: 'lease.released',
        detail: 'a1: not found at monitor start',
        agent: 'a1',
      },
    ]);
    expect(kinds([], [], [rec('lease.released_by_operator', NOW)])).toEqual([]);
  });
});
