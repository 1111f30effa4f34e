import type { Diagnostic } from '../../files/diagnostic.ts';

/** What one {@link History.syncFile} did. */
export interface SyncResult {
  kind: 'room' | 'checkpoints' | 'lifecycle' | 'operator' | 'ignored';
  /** Complete lines read by this sync, good or bad (bad ones are in `diagnostics`). */
  new_lines: number;
  /** True when the file was truncated, replaced or rewritten and re-indexed from byte 0
   *  (its old rows removed), or when it vanished and its rows were removed. */
  truncated: boolean;
  room_key?: string;
  run_id?: string;
  diagnostics: Diagnostic[];
}

/** Cold-indexing progress: bytes of the directory's JSONL files indexed so far. */
/** How a live sync ends (see History.syncFile). */
export interface SyncOptions {
  /** Resolve only once search finds the new messages too (default true). */
  searchable?: boolean;
}

export interface IndexProgress {
  done_bytes: number;
  total_bytes: number;
  complete: boolean;
}

/** A state transition the engine records for the timeline. */
export interface TransitionInput {
  ts_ms: number;
  /** lease | agent | run | ... */
  entity: string;
  /** The entity's key (lease key, agent id, run id). */
  key: string;
  /** e.g. lease.acquired, lease.renewed, lease.released, lease.stale,
   *  lease.released_by_operator, agent.crashed, agent.recovered, agent.gone, run.status */
  kind: string;
  detail?: string;
  /** The agent this transition concerns when the entity is not the agent itself (a lease's
   *  holder, a run's worker): agentActivity lists it for that agent too. */
  agent?: string;
}

/** A transition as stored: its writer's instance id and sequence number make it unique. */
export interface StoredTransition extends TransitionInput {
  src: string;
  n: number;
}
