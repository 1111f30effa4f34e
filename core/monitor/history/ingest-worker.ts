// The ingest worker: the index's single writer when History runs with a worker. It owns its
// own connection, so the monitor's main thread (engine, transports) never waits for a batch.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { portFtsSink } from './fts-sink.ts';
import { Ingestor } from './ingestor.ts';
import type { Diagnostic } from '../../files/diagnostic.ts';
import type { FromIngestWorker, IngestWorkerInit, ToIngestWorker } from './ingest-protocol.ts';
import { configureConnection } from './schema.ts';

const port: MessagePort = parentPort ?? notAWorker();
const init = workerData as IngestWorkerInit;
const db = new Database(init.dbPath);
configureConnection(db);
const post = (message: FromIngestWorker): void => port.postMessage(message);
const report = (diagnostic: Diagnostic): void => post({ op: 'diagnostic', diagnostic });
const fts = portFtsSink(init.ftsPort, (message) =>
  report({ path: init.dbPath, reason: 'unreadable', message }),
);
const ingestor = new Ingestor({
  db,
  root: init.root,
  batchLines: init.batchLines,
  onDiagnostic: report,
  fts,
});

port.on('message', (message: ToIngestWorker) => {
  void handle(message).then(
    (result) => post({ op: 'done', id: message.id, ...(result ? { result } : {}) }),
    (error: unknown) =>
      post({ op: 'failed', id: message.id, message: (error as Error).message ?? String(error) }),
  );
});

async function handle(message: ToIngestWorker) {
  switch (message.op) {
    case 'sync':
      return ingestor.syncFile(message.file, { searchable: message.searchable });
    case 'indexAll':
      await ingestor.indexAll((progress) => post({ op: 'progress', progress }));
      return undefined;
    case 'transitions':
      ingestor.writeTransitions(message.items);
      return undefined;
    case 'close': {
      // Let running syncs stop at their next batch boundary, then close cleanly.
      await ingestor.stop();
      await fts.close();
      db.close();
      setImmediate(() => port.close());
      return undefined;
    }
  }
}

function notAWorker(): never {
  throw new Error('ingest-worker.ts runs only as a worker thread');
}
