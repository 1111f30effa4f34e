import type { MessageSummary } from '../../api/views.ts';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './room-queries.ts';
import type { StatementCache } from './statement-cache.ts';
import type { Transition, TransitionLog } from './transition-log.ts';

/** What an agent did lately: its transitions and the messages it sent, newest first. */
export interface AgentActivity {
  transitions: Transition[];
  messages: Array<{ room: string; message: MessageSummary }>;
}

/**
 * An agent's recent activity, newest first: the transitions of the agent itself and of
 * entities recorded with it as their agent (leases it held, runs it worked), and the `limit`
 * messages it sent (by flattened sender) most recently indexed, newest first.
 *
 * @example
 * agentActivity(cache, log, 'builder-1', 100);
 */
export function agentActivity(
  cache: StatementCache,
  log: TransitionLog,
  agentId: string,
  limit: number,
): AgentActivity {
  // The newest indexed first, through the (from_addr, rowid) index, then by time: rowids follow
  // the order lines were indexed, which is their time order except across a cold index's files.
  const rows = cache
    .get<[string, number], SummaryRow & { room: string }>(
      `SELECT f.room_key AS room, ${SUMMARY_COLUMNS.split(', ')
        .map((c) => `m.${c}`)
        .join(', ')}
       FROM messages m JOIN files f ON f.file_id = m.file_id
       WHERE m.from_addr = ? ORDER BY m.rowid DESC LIMIT ?`,
    )
    .all(agentId, limit)
    .sort((a, b) => b.ts_ms - a.ts_ms);
  return {
    transitions: log.forAgent(agentId, limit),
    messages: rows.map((row) => ({ room: row.room, message: toSummary(row) })),
  };
}
