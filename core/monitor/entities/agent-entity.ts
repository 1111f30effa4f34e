import {
  agentLiveness,
  heldPaths,
  livenessDeadline,
  nextLockExpiry,
} from '../../agents/agent-liveness.ts';
import type { AgentRecord } from '../../agents/agent-schema.ts';
import { isPidAliveOnThisHost } from '../../host/pid-alive.ts';
import { readAgentFile } from '../../agents/read-agents.ts';
import path from 'node:path';
import type { AgentView } from '../../api/views.ts';
import type { Diagnostic } from '../../files/diagnostic.ts';

/** What the model keeps of one agent file between reads. */
export interface AgentRaw {
  id: string;
  record?: AgentRecord;
  diagnostic?: Diagnostic;
}

/**
 * Read `agents/<id>.json` through the agents module; `undefined` when it does not exist.
 *
 * @example
 * loadAgent('/coord', 'builder-1')?.record?.last_seen_ms;
 */
export function loadAgent(dir: string, id: string): AgentRaw | undefined {
  // The agents module's file reader (the id comes from a classified file name, already valid):
  // liveness is derived by the model at the time it needs it, not at read time.
  const read = readAgentFile(path.join(dir, 'agents', `${id}.json`), id);
  if (read.ok) return { id, record: read.value };
  return read.absent ? undefined : { id, diagnostic: read.diagnostic };
}

/**
 * The contract's view of an agent at `now`: liveness (timeout rule, and a dead pid on this host),
 * the leases it holds by owner record, and when its view next changes by time alone (its
 * heartbeat deadline, or the next advisory path-lock expiry).
 *
 * @example
 * agentView(raw, now, ['src/a.ts']).view.liveness; // 'active'
 */
export function agentView(
  raw: AgentRaw,
  now: number,
  heldLeases: string[],
): { view: AgentView; deadline_ms?: number } {
  const record = raw.record;
  if (!record) {
    return {
      view: {
        key: raw.id,
        id: raw.id,
        name: raw.id,
        liveness: 'crashed',
        held_leases: heldLeases,
        held_paths: {},
        ...(raw.diagnostic
          ? { problem: raw.diagnostic.message, problem_reason: raw.diagnostic.reason }
          : {}),
      },
    };
  }
  const liveness = agentLiveness(record, now, isPidAliveOnThisHost);
  const view: AgentView = {
    key: raw.id,
    id: raw.id,
    name: record.name,
    liveness,
    ...(record.pid !== undefined ? { pid: record.pid } : {}),
    ...(record.host !== undefined ? { host: record.host } : {}),
    started_at_ms: record.started_at_ms,
    last_seen_ms: record.last_seen_ms,
    timeout_ms: record.timeout_ms,
    edit_count: record.edit_count,
    ...(record.current?.run_id !== undefined ? { current_run: record.current.run_id } : {}),
    ...(record.current?.task !== undefined ? { current_task: record.current.task } : {}),
    held_leases: heldLeases,
    held_paths: heldPaths(record, liveness, now),
  };
  let deadline: number | undefined;
  if (liveness === 'active') {
    const crashAt = livenessDeadline(record);
    const lockAt = nextLockExpiry(record, now);
    deadline = Math.min(crashAt ?? Infinity, lockAt ?? Infinity);
    if (!Number.isFinite(deadline)) deadline = undefined;
  }
  return deadline !== undefined ? { view, deadline_ms: deadline } : { view };
}

/** True when this agent is alive by its heartbeat but its pid has died on this host. */
export function pidDied(raw: AgentRaw, now: number): boolean {
  const record = raw.record;
  if (!record || record.state === 'gone' || record.pid === undefined) return false;
  return (
    agentLiveness(record, now) === 'active' &&
    agentLiveness(record, now, isPidAliveOnThisHost) !== 'active'
  );
}

/**
 * True when the view stands for an agent file the engine could not read (truncated JSON, a
 * dangling symlink, a wrong schema): such a view has no record times at all, and its `problem`
 * says why. Its `crashed` liveness only means "no usable heartbeat" (as format.md's readers
 * count it); it is not a crash to record, announce or act on (marking it gone is refused).
 *
 * @example
 * agentRecordUnreadable(agentView({ id: 'a1', diagnostic }, now, []).view); // true
 */
export function agentRecordUnreadable(view: AgentView): boolean {
  return view.last_seen_ms === undefined;
}

/**
 * Since when a crashed (or gone) agent counts as down, the ONE definition every path uses: its
 * last sign of life, `last_seen_ms`. Both ways of turning crashed agree on it: the heartbeat
 * timeout (declared at `last_seen_ms + timeout_ms`, but nothing was heard after `last_seen_ms`)
 * and a dead pid found before the timeout (it died after its last heartbeat). An "instant it
 * was found crashed" would depend on which rule fired first, and would jump from the moment a
 * dead pid was noticed to the timeout once that passed. Undefined for an unreadable record.
 *
 * @example
 * crashedSinceMs(view); // view.last_seen_ms
 */
export function crashedSinceMs(view: AgentView): number | undefined {
  return view.last_seen_ms;
}
