import type { AgentView, LeaseView, RunView } from '../api/views.ts';
import { baselineTransitions } from './baseline-transitions.ts';
import type { HistoryPort, RecordedTransition } from './history-port.ts';
import { agentRecordUnreadable } from './entities/agent-entity.ts';
import { asError } from './raw-state.ts';

/** The state changes the engine records in the history (timeline, agent detail). */
export interface TransitionRecorder {
  /** A lease view changed: acquired, renewed, released or gone stale. */
  lease(key: string, before: LeaseView | undefined, after: LeaseView | undefined, t: number): void;
  /** An agent's liveness changed (or it appeared). */
  agent(id: string, before: AgentView | undefined, after: AgentView | undefined, t: number): void;
  /** A run view changed: its status, when that changed. */
  run(id: string, before: RunView | undefined, after: RunView | undefined, t: number): void;
  /** The state found at start where it differs from the history's, stamped `t` ("observed at
   *  monitor start"). */
  baseline(leases: Iterable<LeaseView>, agents: Iterable<AgentView>, t: number): void;
}

export interface TransitionRecorderOptions {
  /** Undefined when the index could not be opened: nothing is recorded. */
  history: HistoryPort | undefined;
  /** True during the quiet first load, which records nothing (the baseline covers it). */
  isQuiet: () => boolean;
  onError: (error: Error, context: string) => void;
}

/**
 * Records transitions (`lease.acquired|renewed|stale|released`, `agent.crashed|recovered|gone`,
 * `run.status`, …) from the views before and after a change. An agent file that cannot be read
 * records nothing (it is a diagnostic, not a crash). A failure to record is logged,
 * never thrown: the live model matters more than its history.
 *
 * @example
 * const transitions = createTransitionRecorder({ history, isQuiet: () => false, onError });
 * transitions.lease(key, before, after, Date.now());
 */
export function createTransitionRecorder(options: TransitionRecorderOptions): TransitionRecorder {
  const { history } = options;
  /** Each agent's liveness in its last READABLE view (kept while quiet too). */
  const readable = new Map<string, AgentView['liveness']>();

  function record(
    entity: string,
    key: string,
    kind: string,
    t: number,
    detail?: string,
    agent?: string,
  ): void {
    if (!history || options.isQuiet()) return;
    try {
      history.recordTransition({
        ts_ms: t,
        entity,
        key,
        kind,
        ...(detail !== undefined ? { detail } : {}),
        ...(agent !== undefined ? { agent } : {}),
      });
    } catch (error) {
      options.onError(asError(error), 'recording a transition');
    }
  }

  return {
    lease(key, before, after, t) {
      const b = before?.record;
      const a = after?.record;
      const holder = after?.holder ?? before?.holder;
      if (a && (!b || b.token !== a.token))
        record('lease', key, 'lease.acquired', t, holder, holder);
      else if (a && b && a.updated_at_ms !== b.updated_at_ms)
        record('lease', key, 'lease.renewed', t, holder, holder);
      if (before && !after) record('lease', key, 'lease.released', t, holder, holder);
      if (after?.state === 'stale' && before?.state !== 'stale' && a && b?.token === a.token) {
        record('lease', key, 'lease.stale', t, holder, holder);
      }
    },
    agent(id, before, after, t) {
      if (!after) {
        readable.delete(id);
        return;
      }
      // A record the engine cannot read (truncated JSON, a dangling symlink) is not a crash,
      // and reading it again is not a recovery: its views' liveness says nothing about the
      // agent, so they are skipped and a readable view is compared with the last readable one
      // (active, unreadable, active again records nothing).
      if (agentRecordUnreadable(after)) return;
      const last = before && !agentRecordUnreadable(before) ? before.liveness : readable.get(id);
      readable.set(id, after.liveness);
      if (last === after.liveness) return;
      if (last !== undefined) {
        const kind =
          after.liveness === 'active'
            ? 'agent.recovered'
            : after.liveness === 'gone'
              ? 'agent.gone'
              : 'agent.crashed';
        record('agent', id, kind, t);
      } else {
        record(
          'agent',
          id,
          after.liveness === 'active' ? 'agent.registered' : `agent.${after.liveness}`,
          t,
        );
      }
    },
    run(id, before, after, t) {
      if (after?.status !== undefined && after.status !== before?.status) {
        record('run', id, 'run.status', t, after.status, after.worker_id);
      }
    },
    // Stamped now: the timeline replays each key from its last transition, and leases or agents
    // the history never saw would otherwise not count as held or alive. Only what differs from
    // the history's last transition is recorded: a restart must not invent acquisitions/crashes.
    baseline(leases, agents, t) {
      const found = [...agents];
      for (const agent of found) {
        if (!agentRecordUnreadable(agent)) readable.set(agent.id, agent.liveness);
      }
      if (!history || options.isQuiet()) return;
      let last: RecordedTransition[] = [];
      try {
        last = history.lastTransitions(['lease', 'agent']);
      } catch (error) {
        options.onError(asError(error), 'reading the last recorded transitions');
      }
      for (const tr of baselineTransitions(leases, found, last, t)) {
        record(tr.entity, tr.key, tr.kind, t, tr.detail, tr.agent);
      }
    },
  };
}
