import os from 'node:os';
import { BatonError } from '../errors.ts';
import { writeJsonAtomic } from '../files/atomic-write.ts';
import { layout } from '../layout.ts';
import { agentLiveness, unexpiredLocks } from './agent-liveness.ts';
import type { AgentCurrent } from './agent-options.ts';
import { AGENT_SCHEMA, DEFAULT_AGENT_TIMEOUT_MS, type AgentRecord } from './agent-schema.ts';
import type { IsPidAlive } from '../host/pid-alive.ts';
import { readAgentFile } from './read-agents.ts';

/**
 * Keep locks across a heartbeat only when the previous heartbeat is at least this far from
 * the timeout: heartbeats are not serialized with lock arbitration, so an agent that shows up
 * right at its deadline may already have lost its locks to another agent who saw it crashed.
 */
export const LOCK_KEEP_MARGIN_MS = 1_000;

/** One sign of life from an agent, already validated (see agent-options.ts). */
export interface Activity {
  now: number;
  isPidAlive: IsPidAlive;
  /** Set when given; otherwise kept from the previous record (or defaulted for a new one). */
  name?: string;
  pid?: number;
  host?: string;
  timeout_ms?: number;
  current?: AgentCurrent;
  /** Edits to add to `edit_count`. */
  edits?: number;
  /** A lock to record (the caller has arbitrated it). */
  lock?: { path: string; expires_at_ms: number };
  /** Refuse (not_found) instead of creating a missing record. */
  mustExist?: boolean;
}

/**
 * Rewrite `agents/<id>.json` for a sign of life: `last_seen_ms = now`, state `active` (a
 * crashed or gone agent comes back), `started_at_ms` and `edit_count` kept. Locks survive only
 * if the previous record was still live (a crashed agent's locks were already released).
 * Internal: callers are heartbeat, noteEdit and tryLockPath.
 */
export function recordActivity(dir: string, id: string, activity: Activity): AgentRecord {
  const file = layout(dir).agentFile(id);
  const read = readAgentFile(file, id);
  if (!read.ok && !read.absent && read.diagnostic.reason === 'unsupported') {
    // A newer writer's record: rewriting it as v1 would silently drop what we do not know.
    throw new BatonError('unreadable', `${read.diagnostic.message}; not overwriting it`, {
      path: file,
    });
  }
  const previous = read.ok ? read.value : undefined;
  if (!previous && activity.mustExist) {
    throw new BatonError(
      'not_found',
      `${file}: agent ${JSON.stringify(id)} has no record${read.ok || read.absent ? '' : ' that can be read'}; heartbeat first`,
      { path: file, agent: id },
    );
  }
  const now = activity.now;
  const kept = previous && keepsLocks(previous, now, activity.isPidAlive);
  const locked = new Map(Object.entries(kept ? unexpiredLocks(previous.locked_paths, now) : {}));
  if (activity.lock) locked.set(activity.lock.path, activity.lock.expires_at_ms);
  const current = activity.current ?? previous?.current;
  const record: AgentRecord = {
    ...previous,
    schema: AGENT_SCHEMA,
    id,
    name: activity.name ?? previous?.name ?? id,
    pid: activity.pid ?? previous?.pid ?? process.pid,
    host: activity.host ?? previous?.host ?? os.hostname(),
    state: 'active',
    started_at_ms: previous?.started_at_ms ?? now,
    last_seen_ms: now,
    timeout_ms: activity.timeout_ms ?? previous?.timeout_ms ?? DEFAULT_AGENT_TIMEOUT_MS,
    edit_count: (previous?.edit_count ?? 0) + (activity.edits ?? 0),
    // fromEntries defines own keys, so no path can reach a prototype.
    locked_paths: Object.fromEntries(locked),
    ...(current ? { current } : {}),
  };
  writeJsonAtomic(file, record, { mkdir: true });
  return record;
}

function keepsLocks(previous: AgentRecord, now: number, isPidAlive: IsPidAlive): boolean {
  if (agentLiveness(previous, now, isPidAlive) !== 'active') return false;
  const margin = Math.min(LOCK_KEEP_MARGIN_MS, Math.floor(previous.timeout_ms / 2));
  return now - previous.last_seen_ms <= previous.timeout_ms - margin;
}
