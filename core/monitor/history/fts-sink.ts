import type { MessagePort } from 'node:worker_threads';
import { packFtsBatch, type FtsBatch, type FtsWriter, type PackedFtsBatch } from './fts-store.ts';

/** Where the ingestor sends messages' searchable text, once their rows are committed. */
export interface FtsSink {
  /** Queue a batch (ascending rowids); `onApplied` runs once the FTS file holds it. */
  add(batch: FtsBatch, onApplied?: () => void): void;
  /** Queue the removal of these messages' text. */
  remove(rowids: number[]): void;
  bulk(on: boolean): void;
  /** Resolves once fewer than `n` requests are outstanding (backpressure: text is memory). */
  whenBelow(n: number): Promise<void>;
  /** Resolves once every request so far has been applied. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

/** Requests from the ingest worker to the FTS worker, in order; each is acknowledged. */
export type ToFtsWorker =
  | { op: 'add'; seq: number; batch: PackedFtsBatch }
  | { op: 'remove'; seq: number; rowids: number[] }
  | { op: 'bulk'; seq: number; on: boolean }
  | { op: 'close'; seq: number };

export type FromFtsWorker =
  { op: 'ack'; seq: number } | { op: 'error'; seq: number; message: string };

/**
 * A sink writing on this thread through `writer` (in-process ingestion): applied at once.
 * An FTS failure is reported and does not stop ingestion (the rows are committed already).
 *
 * @example
 * const sink = localFtsSink(new FtsWriter(ftsDb), (m) => console.warn(m));
 */
export function localFtsSink(writer: FtsWriter, onError: (message: string) => void): FtsSink {
  const guard = (run: () => void): void => {
    try {
      run();
    } catch (error) {
      onError(`full-text index: ${(error as Error).message}`);
    }
  };
  return {
    add: (batch, onApplied) => {
      guard(() => writer.add(batch));
      onApplied?.();
    },
    remove: (rowids) => guard(() => writer.remove(rowids)),
    bulk: (on) => guard(() => writer.bulk(on)),
    whenBelow: async () => undefined,
    drained: async () => undefined,
    close: async () => guard(() => writer.close()),
  };
}

/**
 * A sink posting to the FTS worker (fts-worker.ts) over `port`: the text of a batch travels
 * packed as one string, and the worker applies requests in order while this thread goes on
 * with the next batch. If the worker goes away, requests are dropped (reported once) rather
 * than waited for: the next start re-sends what the FTS file lacks.
 *
 * @example
 * const sink = portFtsSink(port, (m) => console.warn(m));
 */
export function portFtsSink(port: MessagePort, onError: (message: string) => void): FtsSink {
  let seq = 0;
  let applied = 0;
  let gone = false;
  let closing = false;
  const callbacks = new Map<number, () => void>();
  let waiters: Array<{ below: number; resolve: () => void }> = [];
  const outstanding = (): number => (gone ? 0 : seq - applied);
  const wake = (): void => {
    const still: typeof waiters = [];
    for (const w of waiters) {
      if (outstanding() < w.below) w.resolve();
      else still.push(w);
    }
    waiters = still;
  };
  port.on('message', (message: FromFtsWorker) => {
    if (message.op === 'error') onError(`full-text index: ${message.message}`);
    applied = Math.max(applied, message.seq);
    const done = callbacks.get(message.seq);
    callbacks.delete(message.seq);
    done?.();
    wake();
  });
  port.on('close', () => {
    if (!gone && !closing) {
      onError('full-text index: its worker stopped; text will be re-sent at the next start');
    }
    gone = true;
    for (const done of callbacks.values()) done(); // nothing more will be applied: stop waiting
    callbacks.clear();
    wake();
  });
  const send = (message: ToFtsWorker): void => {
    if (!gone) port.postMessage(message);
  };
  return {
    add: (batch, onApplied) => {
      if (gone) return void onApplied?.();
      const n = ++seq;
      if (onApplied) callbacks.set(n, onApplied);
      send({ op: 'add', seq: n, batch: packFtsBatch(batch) });
    },
    remove: (rowids) => send({ op: 'remove', seq: ++seq, rowids }),
    bulk: (on) => send({ op: 'bulk', seq: ++seq, on }),
    whenBelow: (below) =>
      outstanding() < below
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ below, resolve })),
    drained: () =>
      outstanding() === 0
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ below: 1, resolve })),
    close: async () => {
      if (gone) return;
      closing = true;
      const closed = new Promise<void>((resolve) => port.once('close', () => resolve()));
      send({ op: 'close', seq: ++seq });
      await closed;
    },
  };
}
