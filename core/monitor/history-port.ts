import type { History } from './history/index.ts';

export type { IndexProgress, SyncResult, TransitionInput } from './history/index.ts';
export type { RecordedTransition } from './history/transition-log.ts';

/**
 * The part of the history index (core/monitor/history/) the engine uses: everything but where
 * its database lives. The engine depends on this shape, so it can run with {@link nullHistory}
 * when the SQLite index cannot be opened.
 */
export type HistoryPort = Omit<History, 'dbPath'>;
