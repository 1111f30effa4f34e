import { BatonError } from '../errors.ts';
import { writeJsonAtomic } from '../files/atomic-write.ts';
import { validateName } from '../files/names.ts';
import { layout } from '../layout.ts';
import type { AgentRecord } from './agent-schema.ts';
import { readAgentFile } from './read-agents.ts';

/**
 * Mark an agent `gone` (it unregistered, or an operator retired it) and drop its locks.
 * `last_seen_ms` is kept: it still says when the agent was last heard from. A later heartbeat
 * makes it active again. `if_last_seen_ms` refuses (conflict) when the agent heartbeat since
 * the caller looked, so an operator never retires an agent that just came back.
 *
 * @example
 * unregisterAgent('/coord', 'builder-1').state; // 'gone'
 */
export function unregisterAgent(
  dir: string,
  id: string,
  options: { if_last_seen_ms?: number } = {},
): AgentRecord {
  validateName('agent id', id);
  const file = layout(dir).agentFile(id);
  const read = readAgentFile(file, id);
  if (!read.ok) {
    if (read.absent) {
      throw new BatonError('not_found', `${file}: agent ${JSON.stringify(id)} has no record`, {
        path: file,
        agent: id,
      });
    }
    throw new BatonError('unreadable', read.diagnostic.message, { path: file });
  }
  const previous = read.value;
  if (options.if_last_seen_ms !== undefined && previous.last_seen_ms !== options.if_last_seen_ms) {
    throw new BatonError(
      'conflict',
      `agent ${JSON.stringify(id)} was seen at ${previous.last_seen_ms}, not ${options.if_last_seen_ms}: it changed since; not marking it gone`,
      { path: file, agent: id, last_seen_ms: previous.last_seen_ms },
    );
  }
  const record: AgentRecord = { ...previous, state: 'gone', locked_paths: {} };
  writeJsonAtomic(file, record);
  return record;
}
