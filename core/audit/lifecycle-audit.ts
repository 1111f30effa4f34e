import fs from 'node:fs';
import { BatonError, hasErrnoCode } from '../errors.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { appendJsonLine, scanJsonLines } from '../files/jsonl.ts';
import { readJsonlEntries } from '../files/read-jsonl-entries.ts';
import { validateName } from '../files/names.ts';
import { layout } from '../layout.ts';
import { withAppendGuard } from './append-guard.ts';
import { LifecycleEntrySchema, type LifecycleEntry } from './audit-schema.ts';

/** Fields every lifecycle entry owns; `fields` may not override them. */
const RESERVED = new Set(['seq', 'kind', 'payload', 'pipeline_id', 'ts_ms']);

export interface AppendLifecycleOptions {
  /** Extra top-level fields (e.g. `envelope_id`, `decision`, `by` of an acknowledgement). */
  fields?: Record<string, unknown>;
  /** Clock override for tests and replays. */
  now?: number;
  /** Runs under the append guard just before the write; throw to refuse the append. */
  precondition?: (file: string) => void;
}

export interface LifecycleAppendReceipt {
  entry: LifecycleEntry;
  /** Byte offset just past the entry's line: read from here to see only later entries. */
  cursor: number;
}

/**
 * Append one entry to `audit/lifecycle.jsonl` as `{seq, kind, payload, pipeline_id, ts_ms}`.
 * `seq` is 1 + the last entry's seq: the read-then-append runs under a short guard file
 * (`lifecycle.jsonl.guard`), so concurrent appenders from any process get distinct, increasing
 * seqs in file order.
 *
 * @example
 * const { entry } = appendLifecycleAudit('/coord', 'pipeline_finalized', { disposition: 'ok' }, 'p1');
 * entry.seq; // 1 on a fresh log
 */
export function appendLifecycleAudit(
  dir: string,
  kind: string,
  payload: unknown,
  pipelineId: string | null,
  options: AppendLifecycleOptions = {},
): LifecycleAppendReceipt {
  if (typeof kind !== 'string' || kind.length === 0 || kind.length > 128) {
    throw new BatonError('invalid_argument', 'lifecycle kind must be 1-128 characters', { kind });
  }
  if (pipelineId !== null) validateName('pipeline id', pipelineId);
  for (const key of Object.keys(options.fields ?? {})) {
    if (RESERVED.has(key)) {
      throw new BatonError(
        'invalid_argument',
        `lifecycle entry field ${JSON.stringify(key)} is set by the log itself`,
        { field: key },
      );
    }
  }
  const at = layout(dir);
  const file = at.lifecycleAuditFile;
  fs.mkdirSync(at.auditDir, { recursive: true });
  return withAppendGuard(file, () => {
    options.precondition?.(file);
    const entry: LifecycleEntry = {
      seq: lastSeq(file) + 1,
      kind,
      payload: payload === undefined ? null : payload,
      pipeline_id: pipelineId,
      ts_ms: options.now ?? Date.now(),
      ...options.fields,
    };
    const receipt = appendJsonLine(file, entry);
    return { entry, cursor: receipt.cursor };
  });
}

export interface ReadLifecycleOptions {
  /** Start after this cursor (a byte offset returned earlier); default the beginning. */
  from_cursor?: number;
  /** Stop after this many entries. */
  limit?: number;
  /** Keep only entries of this pipeline. */
  pipeline_id?: string;
  /** Keep only entries of this kind. */
  kind?: string;
}

export interface LifecycleRead {
  entries: Array<{ entry: LifecycleEntry; cursor: number }>;
  /** Pass back as `from_cursor` to read only what was appended since. */
  next_cursor: number;
  diagnostics: Diagnostic[];
}

/**
 * Read `audit/lifecycle.jsonl` from a cursor. Never throws on content: a line that is not JSON
 * or not an entry becomes a diagnostic (file, byte offset, reason) and is skipped.
 *
 * @example
 * const { entries, next_cursor } = readLifecycleAudit('/coord', { kind: 'handoff_acknowledged' });
 */
export function readLifecycleAudit(dir: string, options: ReadLifecycleOptions = {}): LifecycleRead {
  return readJsonlEntries(layout(dir).lifecycleAuditFile, LifecycleEntrySchema, {
    from_cursor: options.from_cursor,
    limit: options.limit,
    keep: (entry) =>
      (options.pipeline_id === undefined || entry.pipeline_id === options.pipeline_id) &&
      (options.kind === undefined || entry.kind === options.kind),
    what: 'a lifecycle entry',
  });
}

const TAIL_BYTES = 64 * 1024;

/** The seq of the last complete entry (0 for an empty log): from the tail, else a full scan. */
function lastSeq(file: string): number {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT')) return 0;
    throw error;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.allocUnsafe(size - start);
    fs.readSync(fd, buf, 0, buf.length, start);
    // Complete lines only; when the tail starts mid-file its first fragment is not a line.
    const lines = buf.toString('utf8').split('\n').slice(0, -1);
    if (start > 0) lines.shift();
    for (let i = lines.length - 1; i >= 0; i--) {
      const seq = seqOf(lines[i]!);
      if (seq !== undefined) return seq;
    }
  } finally {
    fs.closeSync(fd);
  }
  // The tail held no usable entry (huge or corrupt lines): take the largest seq anywhere.
  let max = 0;
  scanJsonLines(file, 0, (line) => {
    const seq = (line.value as { seq?: unknown } | null)?.seq;
    if (typeof seq === 'number' && Number.isInteger(seq) && seq > max) max = seq;
  });
  return max;
}

function seqOf(line: string): number | undefined {
  try {
    const seq = (JSON.parse(line) as { seq?: unknown } | null)?.seq;
    return typeof seq === 'number' && Number.isInteger(seq) && seq >= 0 ? seq : undefined;
  } catch {
    return undefined;
  }
}
