import type { MessagePort } from 'node:worker_threads';
import type { Diagnostic } from '../../files/diagnostic.ts';
import type { IndexProgress, StoredTransition, SyncResult } from './types.ts';

/** What the ingest worker is started with (its `workerData`). */
export interface IngestWorkerInit {
  dbPath: string;
  root: string;
  batchLines: number;
  /** The port to the FTS worker (fts-worker.ts). */
  ftsPort: MessagePort;
}

/** Requests to the ingest worker; each is answered once by a `done` or `failed` reply. */
export type ToIngestWorker =
  | { op: 'sync'; id: number; file: string; searchable: boolean }
  | { op: 'indexAll'; id: number }
  | { op: 'transitions'; id: number; items: StoredTransition[] }
  | { op: 'close'; id: number };

/** Replies and notices from the ingest worker. */
export type FromIngestWorker =
  | { op: 'done'; id: number; result?: SyncResult }
  | { op: 'failed'; id: number; message: string }
  | { op: 'progress'; progress: IndexProgress }
  | { op: 'diagnostic'; diagnostic: Diagnostic };
