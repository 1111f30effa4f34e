import type { HistoryPort } from './history-port.ts';

/**
 * The history the engine runs with when the SQLite index cannot be opened (an unwritable data
 * directory, a corrupt database): the current state still works; queries over history answer
 * empty and say the index is incomplete; rooms show their size but no message statistics.
 *
 * @example
 * const history = tryOpen() ?? nullHistory();
 */
export function nullHistory(): HistoryPort {
  return {
    syncFile: () =>
      Promise.resolve({
        kind: 'ignored' as const,
        new_lines: 0,
        truncated: false,
        diagnostics: [],
      }),
    indexAll: () => Promise.resolve(),
    progress: () => ({ done_bytes: 0, total_bytes: 0, complete: false }),
    recordTransition: () => {},
    lastTransitions: () => [],
    roomStats: () => ({ message_count: 0, kinds: {}, pending_requests: [], size_bytes: 0 }),
    unreadCount: () => 0,
    roomMessages: () => ({ messages: [], total: 0, has_more_before: false, has_more_after: false }),
    search: () => ({ hits: [], indexed_complete: false }),
    timeline: () => ({ buckets: [], transitions: [] }),
    audit: () => ({ entries: [] }),
    runCheckpoints: () => ({ checkpoints: [], attempts: [] }),
    agentActivity: () => ({ transitions: [], messages: [] }),
    close: () => Promise.resolve(),
  };
}
