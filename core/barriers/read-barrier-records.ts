import path from 'node:path';
import type { z } from 'zod';
import { isAtomicTemp } from '../files/atomic-write.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { readDirNamesOrEmpty } from '../files/directory-entries.ts';
import { isValidName } from '../files/names.ts';
import { readRecord } from '../files/read-record.ts';

export interface BarrierRecordsSpec<T extends { barrier: string }> {
  /** The folder: `barriers/<name>/` (arrivals) or `barriers/<name>/expected/` (declarations). */
  folder: string;
  barrier: string;
  schema: z.ZodType<T>;
  schemaName: string;
  /** What the file name is, for messages: 'agent' or 'declarer'. */
  idLabel: string;
  /** The id a record names, which must be its file name. */
  idOf: (record: T) => string;
}

/**
 * Read every `<id>.json` record in one folder of a barrier, validated by the spec's schema. A
 * record counts only when it parses and names its file's id and its barrier; anything else
 * becomes a diagnostic and is skipped. A missing folder reads as empty.
 *
 * @example
 * readBarrierRecords({ folder: layout(dir).barrierDir('g'), barrier: 'g', schema: BarrierArrivalSchema,
 *   schemaName: BARRIER_ARRIVAL_SCHEMA, idLabel: 'agent', idOf: (a) => a.agent });
 */
export function readBarrierRecords<T extends { barrier: string }>(
  spec: BarrierRecordsSpec<T>,
): { records: T[]; diagnostics: Diagnostic[] } {
  const { folder, barrier } = spec;
  const records: T[] = [];
  const diagnostics: Diagnostic[] = [];
  const files = readDirNamesOrEmpty(folder).filter(
    (f) => f.endsWith('.json') && !isAtomicTemp(f) && isValidName(f.slice(0, -'.json'.length)),
  );
  for (const file of files) {
    const id = file.slice(0, -'.json'.length);
    const at = path.join(folder, file);
    const read = readRecord(at, spec.schema, spec.schemaName);
    if (!read.ok) {
      if (!read.absent) diagnostics.push(read.diagnostic);
      continue;
    }
    const recorded = spec.idOf(read.value);
    if (recorded !== id || read.value.barrier !== barrier) {
      diagnostics.push({
        path: at,
        reason: 'malformed',
        message: `${at}: records ${spec.idLabel} ${JSON.stringify(recorded)} at barrier ${JSON.stringify(read.value.barrier)}, not ${id} at ${barrier}; not counted`,
      });
      continue;
    }
    records.push(read.value);
  }
  return { records, diagnostics };
}
