import { validateName } from '../files/names.ts';
import { recordActivity } from './agent-activity.ts';
import { assertCoordinationDir, validateAgentFields, type AgentCurrent } from './agent-options.ts';
import type { AgentRecord } from './agent-schema.ts';
import { isPidAliveOnThisHost, type IsPidAlive } from '../host/pid-alive.ts';

export interface HeartbeatOptions {
  /** Display name; default: kept, or the id for a new record. */
  name?: string;
  /** Silence after which the agent reads as crashed; default: kept, or 45 s. */
  timeout_ms?: number;
  /** The agent's process; default `process.pid` (the CLI passes its parent's pid). */
  pid?: number;
  /** Default `os.hostname()`. */
  host?: string;
  /** What it is working on; default: kept. */
  current?: AgentCurrent;
  /** The clock (ms); default `Date.now()`. */
  now?: number;
  /** Judges whether the previous record had crashed (its locks are then dropped). */
  isPidAlive?: IsPidAlive;
}

/**
 * Record a heartbeat: create `agents/<id>.json` if missing, else refresh `last_seen_ms`, pid,
 * host and the given fields. A crashed or gone agent becomes active again, without the locks
 * it had (they were released when it crashed). Each agent writes only its own record.
 *
 * @example
 * heartbeat('/coord', 'builder-1', { name: 'Builder', current: { task: 'fix the parser' } });
 */
export function heartbeat(dir: string, id: string, options: HeartbeatOptions = {}): AgentRecord {
  validateName('agent id', id);
  validateAgentFields(options);
  assertCoordinationDir(dir);
  return recordActivity(dir, id, {
    now: options.now ?? Date.now(),
    isPidAlive: options.isPidAlive ?? isPidAliveOnThisHost,
    name: options.name,
    pid: options.pid ?? process.pid,
    host: options.host,
    timeout_ms: options.timeout_ms,
    current: options.current,
  });
}

/**
 * Count one edit by an existing agent (`edit_count + 1`); like a heartbeat it refreshes
 * `last_seen_ms` and keeps pid and host. Throws `not_found` when the agent has no record.
 *
 * @example
 * noteEdit('/coord', 'builder-1').edit_count; // 1 after the first edit
 */
export function noteEdit(
  dir: string,
  id: string,
  options: { now?: number; isPidAlive?: IsPidAlive } = {},
): AgentRecord {
  validateName('agent id', id);
  assertCoordinationDir(dir);
  return recordActivity(dir, id, {
    now: options.now ?? Date.now(),
    isPidAlive: options.isPidAlive ?? isPidAliveOnThisHost,
    edits: 1,
    mustExist: true,
  });
}
