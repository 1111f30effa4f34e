import type { AgentView, LeaseView } from '../api/views.ts';
import type { RecordedTransition, TransitionInput } from './history-port.ts';
import { agentRecordUnreadable } from './entities/agent-entity.ts';

/** Lease kinds after which the history holds the lease as taken (held, or held but stale). */
const LEASE_TAKEN = new Set(['lease.acquired', 'lease.renewed', 'lease.stale']);

const AT_START = 'observed at monitor start';

/**
 * What a starting monitor must record so the history matches what it finds: only where an
 * entity's state differs from the LAST transition the history holds for it (a restart must not
 * write acquisitions or crashes that never happened). Entities the history never saw are
 * recorded as found; a lease the history holds as taken and that is gone now is recorded as
 * released. `last` is the history's last transition per key (one query for the whole fleet).
 *
 * A lease is the same acquisition as the one recorded when its holder is the same and it was
 * acquired no later than that transition (the history keeps no token). A holder whose clock runs
 * ahead may look re-acquired (a `lease.acquired` too many, never one missed); a lease already
 * judged `suspect-skew` is compared by holder only.
 *
 * @example
 * baselineTransitions(leases, agents, history.lastTransitions(['lease', 'agent']), Date.now());
 * // [] after a restart where nothing changed
 */
export function baselineTransitions(
  leases: Iterable<LeaseView>,
  agents: Iterable<AgentView>,
  last: readonly RecordedTransition[],
  t: number,
): TransitionInput[] {
  const lastLease = new Map<string, RecordedTransition>();
  const lastAgent = new Map<string, RecordedTransition>();
  for (const r of last) {
    if (r.entity === 'lease') lastLease.set(r.key, r);
    else if (r.entity === 'agent') lastAgent.set(r.key, r);
  }
  const out: TransitionInput[] = [];
  const found = new Set<string>();
  for (const lease of leases) {
    if (lease.state !== 'absent') found.add(lease.key);
    const kind = leaseKind(lease, lastLease.get(lease.key));
    if (kind === undefined) continue;
    out.push({
      ts_ms: t,
      entity: 'lease',
      key: lease.key,
      kind,
      detail: lease.holder !== undefined ? `${lease.holder} (${AT_START})` : AT_START,
      ...(lease.holder !== undefined ? { agent: lease.holder } : {}),
    });
  }
  // Released while no monitor was watching: otherwise the timeline counts it held for ever.
  for (const prev of lastLease.values()) {
    if (found.has(prev.key) || !LEASE_TAKEN.has(prev.kind)) continue;
    out.push({
      ts_ms: t,
      entity: 'lease',
      key: prev.key,
      kind: 'lease.released',
      detail: `${prev.agent !== undefined ? `${prev.agent}: ` : ''}not found at monitor start`,
      ...(prev.agent !== undefined ? { agent: prev.agent } : {}),
    });
  }
  for (const agent of agents) {
    if (agentRecordUnreadable(agent)) continue; // not a crash (see the transition recorder)
    const prev = lastAgent.get(agent.id);
    if (prev !== undefined && livenessOf(prev.kind) === agent.liveness) continue;
    const kind =
      agent.liveness !== 'active'
        ? `agent.${agent.liveness}`
        : prev !== undefined
          ? 'agent.recovered'
          : 'agent.observed';
    out.push({ ts_ms: t, entity: 'agent', key: agent.id, kind, detail: AT_START });
  }
  return out;
}

/** The kind to record for a lease found at start, or undefined when the history agrees. */
function leaseKind(lease: LeaseView, prev: RecordedTransition | undefined): string | undefined {
  const held = lease.state === 'active' || lease.state === 'suspect-skew';
  // absent: released (with the vanished ones); acquiring, unrecorded, malformed: nothing, as
  // the live recorder records nothing for them either.
  if (!held && lease.state !== 'stale') return undefined;
  if (prev === undefined || !sameAcquisition(lease, prev)) {
    return held ? 'lease.acquired' : 'lease.stale';
  }
  if (held) return prev.kind === 'lease.stale' ? 'lease.renewed' : undefined; // renewed once stale
  return prev.kind === 'lease.stale' ? undefined : 'lease.stale';
}

function sameAcquisition(lease: LeaseView, prev: RecordedTransition): boolean {
  if (!LEASE_TAKEN.has(prev.kind) || prev.agent !== lease.holder) return false;
  if (lease.state === 'suspect-skew' || !lease.record) return true; // its times are not ours
  return lease.record.acquired_at_ms <= prev.ts_ms;
}

/** The liveness the timeline gives an agent after this transition (see history/timeline.ts). */
function livenessOf(kind: string): AgentView['liveness'] {
  if (kind === 'agent.crashed') return 'crashed';
  if (kind === 'agent.gone') return 'gone';
  return 'active';
}
