// The monitor's history index (issue 4): what the engine and the transports use.
export { openHistory, type History, type HistoryOptions } from './history.ts';
export type { IndexProgress, SyncOptions, SyncResult, TransitionInput } from './types.ts';
export type { RoomStats } from './room-queries.ts';
export type { Transition } from './transition-log.ts';
export type { AttemptSpan } from './run-checkpoints.ts';
export { historyDbPath } from './db-path.ts';
export { ftsQuery, queryTerms } from './fts-query.ts';
export { SNIPPET_OPEN, SNIPPET_CLOSE } from './search.ts';
export { MAX_BUCKETS, MAX_TIMELINE_TRANSITIONS } from './timeline.ts';
export { MAX_PENDING_LISTED } from './room-queries.ts';
