import type { Change, Delta, EngineStatus, EntityKind } from '../api/views.ts';

export interface DeltaBatcherOptions {
  /** Receives each delta; `seq` grows by exactly one per call. */
  emit: (delta: Delta) => void;
  /** At most one delta per this many ms (default 8: half a frame; see docs/architecture.md). */
  flushMs?: number;
  now?: () => number;
}

export interface DeltaBatcher {
  /** Record an entity's new full view (later calls for the same key win). */
  upsert(entity: EntityKind, key: string, value: unknown): void;
  remove(entity: EntityKind, key: string): void;
  /** Carry this engine status in the next delta (a delta is sent even with no changes). */
  status(status: EngineStatus): void;
  /** Send what is pending now (e.g. before a snapshot, so it can carry the latest seq). */
  flush(): void;
  /** Drop what is pending without sending it (the initial load goes out as the snapshot). */
  discard(): void;
  /** Sequence number of the last delta sent (0 before the first). */
  readonly seq: number;
  readonly pending: number;
  close(): void;
}

/**
 * Batch model changes into deltas: the changes of one ~8 ms window go out as ONE delta with
 * `seq` increasing by exactly one, so a client applies them in one render and can detect a gap.
 * Within a batch the last change of a key wins (an upsert then a remove sends the remove).
 *
 * @example
 * const b = createDeltaBatcher({ emit: (d) => send(d) });
 * b.upsert('lease', 'locks/a.lock.d', view);
 */
export function createDeltaBatcher(options: DeltaBatcherOptions): DeltaBatcher {
  const flushMs = options.flushMs ?? 8;
  const now = options.now ?? Date.now;
  let pending = new Map<string, Change>();
  let pendingStatus: EngineStatus | undefined;
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  let lastFlush = 0;
  // At most one delta per window, but a change after a quiet spell goes out on the next turn of
  // the event loop rather than a full window later (low latency when the fleet is calm).
  const schedule = (): void => {
    if (timer || closed) return;
    const wait = Math.max(0, lastFlush + flushMs - Date.now());
    timer = setTimeout(flush, wait);
  };

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (closed || (pending.size === 0 && pendingStatus === undefined)) return;
    const changes = [...pending.values()];
    const status = pendingStatus;
    pending = new Map();
    pendingStatus = undefined;
    seq++;
    lastFlush = Date.now();
    const delta: Delta = { seq, server_time_ms: now(), changes };
    if (status) delta.status = status;
    options.emit(delta);
  }

  return {
    upsert(entity, key, value) {
      pending.set(`${entity}\u0000${key}`, { op: 'upsert', entity, key, value });
      schedule();
    },
    remove(entity, key) {
      pending.set(`${entity}\u0000${key}`, { op: 'remove', entity, key });
      schedule();
    },
    status(status) {
      pendingStatus = status;
      schedule();
    },
    flush,
    discard() {
      pending = new Map();
      pendingStatus = undefined;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
    get seq() {
      return seq;
    },
    get pending() {
      return pending.size;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending.clear();
    },
  };
}
