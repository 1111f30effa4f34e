import type { BatonClient } from '../../../core/api/client.ts';
import type { Delta } from '../../../core/api/views.ts';
import type { MonitorStore } from './monitor-store.ts';
import type { Ticker } from './ticker.ts';

/**
 * Keeps the store in step with the monitor: on every (re)connect, `info` then `snapshot`; pushed
 * deltas are queued and applied once per animation frame (one store update, one render, however
 * many deltas arrived); a gap in `seq` triggers a snapshot, and deltas that arrive meanwhile are
 * held and replayed on top of it (those the snapshot already covers are dropped).
 */

export type FrameScheduler = (flush: () => void) => void;

/**
 * requestAnimationFrame, with a timer as a floor: rAF does not run in a hidden tab, and an
 * operator coming back to it must not find hours of deltas queued (nor a stale screen).
 */
export function animationFrameScheduler(): FrameScheduler {
  return (flush) => {
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      flush();
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
    setTimeout(run, 250);
  };
}

export type SyncOptions = {
  schedule?: FrameScheduler;
  localNow?: () => number;
  ticker?: Ticker;
  /** Wait before retrying a failed snapshot (the engine may be starting). */
  retryMs?: number;
};

export type Sync = { stop(): void; resync(): Promise<void> };

export function startSync(
  client: BatonClient,
  store: MonitorStore,
  options: SyncOptions = {},
): Sync {
  const schedule = options.schedule ?? animationFrameScheduler();
  const localNow = options.localNow ?? Date.now;
  const retryMs = options.retryMs ?? 2_000;
  let queue: Delta[] = [];
  let flushScheduled = false;
  let resyncing: Promise<void> | undefined;
  let held: Delta[] = [];
  let stopped = false;
  let generation = -1;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const pushOffset = () => options.ticker?.setOffset(store.getState().clock.offset_ms);

  function flush(): void {
    flushScheduled = false;
    if (stopped || queue.length === 0) return;
    const batch = queue;
    queue = [];
    if (resyncing) {
      held.push(...batch);
      return;
    }
    const { verdict, applied } = store.getState().applyDeltas(batch, localNow());
    if (applied > 0) pushOffset();
    if (verdict === 'gap') {
      // Keep what was not applied: the snapshot decides which of it is already covered.
      const lastSeq = store.getState().seq ?? -Infinity;
      held.push(...batch.filter((d) => d.seq > lastSeq));
      void resync();
    }
  }

  async function resync(): Promise<void> {
    if (resyncing) return resyncing;
    resyncing = (async () => {
      try {
        const sentAt = localNow();
        const snapshot = await client.snapshot({});
        if (stopped) return;
        store.getState().applySnapshot(snapshot, localNow(), sentAt);
        const replay = held.sort((a, b) => a.seq - b.seq);
        held = [];
        resyncing = undefined;
        const { verdict } = store.getState().applyDeltas(replay, localNow());
        pushOffset();
        if (verdict === 'gap') {
          // Missed more while the snapshot travelled: another round (rare; bounded by deltas).
          held = replay.filter((d) => d.seq > (store.getState().seq ?? -Infinity));
          void resync();
        }
      } catch (error) {
        resyncing = undefined;
        if (stopped) return;
        store.getState().reportProblem({
          where: 'snapshot',
          message: error instanceof Error ? error.message : String(error),
        });
        if (client.connection().state === 'open') {
          retryTimer = setTimeout(() => void resync(), retryMs);
        }
      }
    })();
    return resyncing;
  }

  async function onOpen(): Promise<void> {
    try {
      const sentAt = localNow();
      const info = await client.info({});
      if (!stopped) store.getState().setInfo(info, localNow(), sentAt);
      pushOffset();
    } catch {
      // info is a nicety (directory name, clock); the snapshot is what matters.
    }
    await resync();
  }

  const unsubscribers = [
    client.on('delta', (delta) => {
      queue.push(delta);
      if (!flushScheduled) {
        flushScheduled = true;
        schedule(flush);
      }
    }),
    client.on('status', (status) => store.getState().setStatus(status)),
    client.onConnection((connection) => {
      store.getState().setConnection(connection);
      if (connection.state === 'open' && connection.generation !== generation) {
        generation = connection.generation;
        void onOpen();
      }
    }),
    client.onProtocolProblem((problem) => store.getState().reportProblem(problem)),
  ];

  // The carrier may already be open (IPC is open from the start).
  const initial = client.connection();
  store.getState().setConnection(initial);
  if (initial.state === 'open') {
    generation = initial.generation;
    void onOpen();
  }

  return {
    stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
    resync,
  };
}
