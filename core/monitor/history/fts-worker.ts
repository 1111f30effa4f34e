// The FTS worker: the only writer of the index's FTS file (fts-store.ts). It applies, in order,
// what the ingest worker sends over its port (text of committed messages, removals), so that
// tokenizing runs on another core than the rest of the ingestion.
import { workerData, type MessagePort } from 'node:worker_threads';
import type { FromFtsWorker, ToFtsWorker } from './fts-sink.ts';
import { FtsWriter, unpackFtsBatch } from './fts-store.ts';
import Database from 'better-sqlite3';
import { configureConnection } from './schema.ts';

/** What the FTS worker is started with: its file and the port the ingest worker talks on. */
export interface FtsWorkerInit {
  ftsPath: string;
  port: MessagePort;
}

const init = workerData as FtsWorkerInit;
const db = new Database(init.ftsPath);
configureConnection(db);
const writer = new FtsWriter(db);
const port = init.port;

port.on('message', (message: ToFtsWorker) => {
  let reply: FromFtsWorker = { op: 'ack', seq: message.seq };
  try {
    if (message.op === 'add') writer.add(unpackFtsBatch(message.batch));
    else if (message.op === 'remove') writer.remove(message.rowids);
    else if (message.op === 'bulk') writer.bulk(message.on);
  } catch (error) {
    reply = { op: 'error', seq: message.seq, message: (error as Error).message };
  }
  if (message.op === 'close') {
    writer.close();
    port.postMessage(reply);
    port.close(); // the last handle: the worker exits
    return;
  }
  port.postMessage(reply);
});
