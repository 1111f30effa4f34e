import type { AgentLiveness, AgentRecord } from './agent-schema.ts';
import type { IsPidAlive } from '../host/pid-alive.ts';

/** The parts of an agent record that liveness depends on. */
export type LivenessInput = Pick<
  AgentRecord,
  'state' | 'last_seen_ms' | 'timeout_ms' | 'pid' | 'host'
>;

/**
 * Derive an agent's liveness: `gone` when it unregistered; `crashed` when `now - last_seen_ms`
 * exceeds `timeout_ms`, or at once when `isPidAlive` says its pid is dead; else `active`.
 * Pure unless `isPidAlive` is given (pass `isPidAliveOnThisHost` for the real check).
 *
 * @example
 * agentLiveness({ state: 'active', last_seen_ms: 0, timeout_ms: 45_000 }, 50_000); // 'crashed'
 */
export function agentLiveness(
  record: LivenessInput,
  now: number,
  isPidAlive?: IsPidAlive,
): AgentLiveness {
  if (record.state === 'gone') return 'gone';
  if (now - record.last_seen_ms > record.timeout_ms) return 'crashed';
  if (isPidAlive && record.pid !== undefined && !isPidAlive(record.pid, record.host)) {
    return 'crashed';
  }
  return 'active';
}

/**
 * The first instant (ms) at which an agent that sends no further heartbeat reads as crashed by
 * the timeout rule, or `undefined` for a gone agent. The monitor schedules a timer on it.
 *
 * @example
 * livenessDeadline({ state: 'active', last_seen_ms: 1_000, timeout_ms: 45_000 }); // 46_001
 */
export function livenessDeadline(record: LivenessInput): number | undefined {
  if (record.state === 'gone') return undefined;
  return record.last_seen_ms + record.timeout_ms + 1;
}

/**
 * The locks an agent really holds at `now`: its unexpired `locked_paths` when it is active,
 * none when it is crashed or gone (their locks count as released).
 *
 * @example
 * heldPaths({ locked_paths: { 'a.ts': 9_000, 'b.ts': 10 } }, 'active', 5_000); // { 'a.ts': 9_000 }
 */
export function heldPaths(
  record: Pick<AgentRecord, 'locked_paths'>,
  liveness: AgentLiveness,
  now: number,
): Record<string, number> {
  if (liveness !== 'active') return {};
  return unexpiredLocks(record.locked_paths, now);
}

/** The entries of `locked_paths` whose expiry is still ahead of `now`. */
export function unexpiredLocks(
  lockedPaths: Record<string, number>,
  now: number,
): Record<string, number> {
  return Object.fromEntries(Object.entries(lockedPaths).filter(([, expiry]) => expiry > now));
}

/**
 * The next instant a live agent's held locks change by themselves (the earliest unexpired
 * lock expiry), or `undefined` when it holds none. For the monitor's deadline scheduler.
 *
 * @example
 * nextLockExpiry({ locked_paths: { 'a.ts': 9_000, 'b.ts': 7_000 } }, 5_000); // 7_000
 */
export function nextLockExpiry(
  record: Pick<AgentRecord, 'locked_paths'>,
  now: number,
): number | undefined {
  const ahead = Object.values(record.locked_paths).filter((expiry) => expiry > now);
  return ahead.length > 0 ? Math.min(...ahead) : undefined;
}
