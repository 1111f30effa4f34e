import { MessageChannel, Worker } from 'node:worker_threads';
import type { Diagnostic } from '../../files/diagnostic.ts';
import type { FtsSink } from './fts-sink.ts';
import type { Ingestor } from './ingestor.ts';
import type { FromIngestWorker, IngestWorkerInit, ToIngestWorker } from './ingest-protocol.ts';
import type { IndexProgress, StoredTransition, SyncOptions, SyncResult } from './types.ts';

/** A request before it gets its id (distributes over the union's members). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** Where ingestion runs: a worker thread with its own connection, or this thread. */
export interface IngestBackend {
  syncFile(file: string, options?: SyncOptions): Promise<SyncResult>;
  indexAll(): Promise<void>;
  writeTransitions(items: StoredTransition[]): Promise<void>;
  close(): Promise<void>;
}

export interface IngestEvents {
  onProgress: (p: IndexProgress) => void;
  onDiagnostic: (d: Diagnostic) => void;
}

/**
 * Ingestion on this thread, on the caller's connection: batches still yield to the event loop,
 * but each batch runs here. For tools without a UI to keep responsive, and for measuring.
 *
 * @example
 * const backend = inProcessBackend(ingestor, sink, events);
 */
export function inProcessBackend(
  ingestor: Ingestor,
  sink: FtsSink,
  events: IngestEvents,
): IngestBackend {
  return {
    syncFile: (file, options) => ingestor.syncFile(file, options),
    indexAll: () => ingestor.indexAll(events.onProgress),
    writeTransitions: async (items) => ingestor.writeTransitions(items),
    close: async () => {
      await ingestor.stop();
      await sink.close();
    },
  };
}

/**
 * Ingestion in two worker threads: ingest-worker.ts, the only writer of the index file, and
 * fts-worker.ts, the only writer of the FTS file, fed by the first over their own channel. The
 * caller keeps its connection for reads (WAL: they never wait for a writer). Requests are
 * answered in any order by id. The workers are unref'd while idle, so an open index never keeps
 * a process alive, and the ingest worker is ref'd while a request is outstanding, so awaiting
 * one does. If it dies, outstanding and later requests fail with the reason; reads keep working.
 *
 * @example
 * const backend = workerBackend({ dbPath, ftsPath, root, batchLines: 5_000 }, events);
 * await backend.syncFile('/coord/rooms/task/t1/plan.jsonl');
 */
export function workerBackend(
  init: Omit<IngestWorkerInit, 'ftsPort'> & { ftsPath: string },
  events: IngestEvents,
): IngestBackend {
  // Two threads: ingest (reads, parses, writes the index) and FTS (tokenizes into its own
  // file), talking over a channel of their own so the text never passes through this thread.
  const channel = new MessageChannel();
  const ftsWorker = new Worker(new URL('./fts-worker.ts', import.meta.url), {
    workerData: { ftsPath: init.ftsPath, port: channel.port2 },
    transferList: [channel.port2],
    // Small heaps: they hold a few batches of text, and V8 would otherwise let garbage pile up
    // to keep collections rare (the process must stay within 300 MB, see the bench).
    resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 },
  });
  ftsWorker.unref();
  ftsWorker.on('error', (error) =>
    events.onDiagnostic({
      path: init.ftsPath,
      reason: 'unreadable',
      message: `full-text index worker failed: ${error.message}`,
    }),
  );
  const worker = new Worker(new URL('./ingest-worker.ts', import.meta.url), {
    workerData: {
      dbPath: init.dbPath,
      root: init.root,
      batchLines: init.batchLines,
      ftsPort: channel.port1,
    },
    transferList: [channel.port1],
    // A larger young generation than the FTS worker's: a cold index holds each batch's parsed
    // lines and gathered text briefly, and with 8 MB too much of it was promoted and copied.
    resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 },
  });
  worker.unref();
  const waiting = new Map<
    number,
    { resolve: (r?: SyncResult) => void; reject: (e: Error) => void }
  >();
  let nextId = 0;
  let dead: Error | undefined;
  let closed: Promise<void> | undefined;

  const failAll = (error: Error): void => {
    dead ??= error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
    worker.unref();
  };
  worker.on('message', (message: FromIngestWorker) => {
    if (message.op === 'progress') events.onProgress(message.progress);
    else if (message.op === 'diagnostic') events.onDiagnostic(message.diagnostic);
    else {
      const w = waiting.get(message.id);
      if (!w) return;
      waiting.delete(message.id);
      if (waiting.size === 0 && !closed) worker.unref();
      if (message.op === 'done') w.resolve(message.result);
      else w.reject(new Error(`history index: ${message.message}`));
    }
  });
  worker.on('error', (error) =>
    failAll(new Error(`history index worker failed: ${error.message}`)),
  );
  worker.on('exit', (code) => failAll(new Error(`history index worker exited (code ${code})`)));

  const request = (message: WithoutId<ToIngestWorker>): Promise<SyncResult | undefined> => {
    if (dead) return Promise.reject(dead);
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...message, id } as ToIngestWorker);
    });
  };

  return {
    syncFile: async (file, options = {}) =>
      (await request({ op: 'sync', file, searchable: options.searchable ?? true })) as SyncResult,
    indexAll: async () => {
      await request({ op: 'indexAll' });
    },
    writeTransitions: async (items) => {
      await request({ op: 'transitions', items });
    },
    close: () => {
      closed ??= (async () => {
        if (dead) {
          await ftsWorker.terminate();
          return;
        }
        worker.ref(); // until it has exited: awaiting close() must keep the process alive
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        const ftsExited = new Promise<void>((resolve) => ftsWorker.once('exit', () => resolve()));
        ftsWorker.ref();
        try {
          await request({ op: 'close' }); // the ingest worker closes the FTS worker's port
        } catch {
          // already gone: nothing left to close
        }
        await exited;
        // The FTS worker exits once its port closes; if the ingest worker died first, end it.
        const timer = setTimeout(() => void ftsWorker.terminate(), 5000);
        await ftsExited;
        clearTimeout(timer);
      })();
      return closed;
    },
  };
}
