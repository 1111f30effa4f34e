import crypto from 'node:crypto';
import fs from 'node:fs';
import { writeJsonAtomic } from '../files/atomic-write.ts';
import { readRecord, type RecordRead } from '../files/read-record.ts';
import { layout } from '../layout.ts';
import { RUN_SCHEMA, RunRecordSchema, type RunRecord } from './run-schema.ts';

/**
 * Read and validate `runs/<run_id>/run.json`. Never throws on content: a missing file is
 * `absent`, a bad one a diagnostic. Callers validate `runId` first.
 *
 * @example
 * const read = readRunRecord('/coord', 'r1');
 * if (read.ok) console.log(read.value.status);
 */
export function readRunRecord(dir: string, runId: string): RecordRead<RunRecord> {
  return readRecord(layout(dir).runFile(runId), RunRecordSchema, RUN_SCHEMA);
}

/**
 * Replace `run.json` atomically (tmp + rename), creating the run directory if needed.
 *
 * @example
 * writeRunRecord('/coord', record);
 */
export function writeRunRecord(dir: string, record: RunRecord): void {
  writeJsonAtomic(layout(dir).runFile(record.run_id), record, { mkdir: true });
}

/**
 * Replace `run.json` only if `stillHolder()` still holds once the new content is on disk
 * beside it: the check runs after the temporary file is written and right before the rename,
 * so the window in which a worker that just lost the lease can overwrite the new holder's
 * record is one `rename()` wide. Returns false (and writes nothing) when the check fails.
 *
 * @example
 * replaceRunRecordIf('/coord', next, () => leaseStillMine());
 */
export function replaceRunRecordIf(
  dir: string,
  record: RunRecord,
  stillHolder: () => boolean,
): boolean {
  const file = layout(dir).runFile(record.run_id);
  const tmp = `${file}.tmp-${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n', { flag: 'wx' });
    if (!stillHolder()) {
      fs.rmSync(tmp, { force: true });
      return false;
    }
    fs.renameSync(tmp, file);
    return true;
  } catch (error) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // the original error is the one worth reporting
    }
    throw error;
  }
}
