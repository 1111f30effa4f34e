import fs from 'node:fs';
import { hasErrnoCode } from '../errors.ts';
import { parseRecord, type RecordRead } from '../files/read-record.ts';
import { LEASE_SCHEMA, LeaseRecordSchema, type LeaseRecord } from './lease-schema.ts';

const CHUNK = 16 * 1024;

/**
 * Read and validate an owner.json like core/files/read-record.ts does, in three syscalls
 * (open, read, close: no fstat, since readers here never need the mtime). Contending acquirers
 * read the holder's record on every attempt, so this is on the hot path. Never throws on
 * content: absent, or a diagnostic.
 *
 * @example
 * const read = readLeaseRecordFile('/coord/locks/a.lock.d/owner.json');
 * if (read.ok) console.log(read.value.token);
 */
export function readLeaseRecordFile(file: string): RecordRead<LeaseRecord> {
  let text: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const chunks: Buffer[] = [];
      for (;;) {
        const buf = Buffer.allocUnsafe(CHUNK);
        const got = fs.readSync(fd, buf, 0, CHUNK, null);
        if (got > 0) chunks.push(got === CHUNK ? buf : buf.subarray(0, got));
        if (got < CHUNK) break;
      }
      text = Buffer.concat(chunks).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) return { ok: false, absent: true };
    return {
      ok: false,
      absent: false,
      diagnostic: {
        path: file,
        reason: 'unreadable',
        message: `${file}: ${(error as Error).message}`,
      },
    };
  }
  return parseRecord(file, text, LeaseRecordSchema, LEASE_SCHEMA);
}
