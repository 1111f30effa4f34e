import fs from 'node:fs';
import path from 'node:path';
import { BatonError, hasErrnoCode } from '../errors.ts';
import type { Diagnostic } from './diagnostic.ts';

/** Largest JSONL record, newline included, a writer may append. */
export const MAX_RECORD_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;
const CHUNK_BYTES = 1024 * 1024;

export interface AppendReceipt {
  /** Byte offset where the line starts. */
  offset: number;
  /** Byte offset just past the line's newline: the record's cursor. */
  cursor: number;
  bytes: number;
}

/**
 * Append one record as a JSON line with a single `write()` on an `O_APPEND` descriptor, so
 * concurrent writers never interleave. Refuses records over {@link MAX_RECORD_BYTES}.
 * Returns where the line landed (found by looking for its exact bytes after the pre-write size).
 *
 * @example
 * const { cursor } = appendJsonLine('/coord/rooms/task/t1/plan.jsonl', { id: 'm1', body: 'hi' });
 */
export function appendJsonLine(
  file: string,
  record: unknown,
  options: { mkdir?: boolean } = {},
): AppendReceipt {
  const line = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
  if (line.length > MAX_RECORD_BYTES) {
    throw new BatonError(
      'record_too_large',
      `${file}: record of ${line.length} bytes is over the ${MAX_RECORD_BYTES}-byte limit`,
      { path: file, bytes: line.length },
    );
  }
  if (options.mkdir) fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(
    file,
    fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT,
    0o644,
  );
  try {
    const before = fs.fstatSync(fd).size;
    const written = fs.writeSync(fd, line);
    if (written !== line.length) {
      throw new BatonError(
        'unreadable',
        `${file}: short append (${written} of ${line.length} bytes)`,
      );
    }
    const offset = locateLine(file, fs.fstatSync(fd).size, before, line);
    return { offset, cursor: offset + line.length, bytes: line.length };
  } finally {
    fs.closeSync(fd);
  }
}

/** Find `line` at or after `from` in an open file (other writers may have appended first). */
function locateLine(file: string, size: number, from: number, line: Buffer): number {
  const span = size - from;
  const buf = Buffer.allocUnsafe(span);
  const readFd = fs.openSync(file, 'r');
  try {
    fs.readSync(readFd, buf, 0, span, from);
  } finally {
    fs.closeSync(readFd);
  }
  // Only match at a line start: the previous byte is a newline or the search start.
  let at = buf.indexOf(line);
  while (at > 0 && buf[at - 1] !== NEWLINE) at = buf.indexOf(line, at + 1);
  if (at < 0) return size - line.length;
  return from + at;
}

export interface JsonLine {
  /** Byte offset where the line starts. */
  offset: number;
  /** Byte offset just past its newline (the line's cursor). */
  end: number;
  value: unknown;
}

export interface ScanResult {
  /** Offset just past the last complete line: where the next read starts. */
  next: number;
  /** Complete lines seen, good or bad. */
  lines: number;
  diagnostics: Diagnostic[];
}

// One reusable read buffer. Scans are synchronous, so only a scan started from inside another
// scan's callback finds it taken (and allocates its own). Reuse matters: paging through a large
// file or polling a tail allocated a fresh 1 MiB buffer per call, and that external memory churn
// made V8 run extra full GCs.
let spareBuffer: Buffer | undefined;

function takeBuffer(toRead: number): Buffer {
  const spare = spareBuffer;
  if (spare) {
    spareBuffer = undefined;
    return spare;
  }
  // Sized to what there is to read when small: tailers scan a few new bytes many times a second.
  return Buffer.allocUnsafe(toRead >= CHUNK_BYTES / 2 ? CHUNK_BYTES : Math.max(0, toRead));
}

function giveBack(buf: Buffer): void {
  if (buf.length === CHUNK_BYTES) spareBuffer = buf;
}

/**
 * Stream the complete lines of a JSONL file from byte `from`, parsing each and calling
 * `onLine`. A last line without a newline is "not yet written" and left for the next scan;
 * a line that does not parse becomes a diagnostic and is skipped. Return `false` from
 * `onLine` to stop early. A missing file scans as empty.
 *
 * @example
 * scanJsonLines(file, 0, (line) => { console.log(line.end, line.value); });
 */
export function scanJsonLines(
  file: string,
  from: number,
  onLine: (line: JsonLine) => boolean | void,
  options: { maxLineBytes?: number; until?: number } = {},
): ScanResult {
  const maxLine = options.maxLineBytes ?? MAX_RECORD_BYTES;
  const diagnostics: Diagnostic[] = [];
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT')) return { next: from, lines: 0, diagnostics };
    throw error;
  }
  let lines = 0;
  let next = from;
  try {
    const limit = options.until ?? fs.fstatSync(fd).size;
    let buf = takeBuffer(limit - from);
    let filled = 0; // bytes of buf holding data starting at file offset `next`
    let pos = from; // file offset of the next read
    let skipping = false; // inside an over-long line, discarding until its newline
    let stopped = false;
    while (pos < limit && !stopped) {
      if (filled === buf.length) {
        // A line longer than the buffer: grow up to the record limit, then skip it.
        if (buf.length < maxLine + 1) {
          const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxLine + 1));
          buf.copy(bigger, 0, 0, filled);
          buf = bigger;
        } else {
          diagnostics.push({
            path: file,
            offset: next,
            reason: 'too_large',
            message: `${file}: line at byte ${next} is over ${maxLine} bytes; skipped`,
          });
          skipping = true;
          next += filled;
          filled = 0;
        }
      }
      const want = Math.min(buf.length - filled, limit - pos);
      const got = fs.readSync(fd, buf, filled, want, pos);
      if (got === 0) break;
      pos += got;
      filled += got;
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(NEWLINE, start);
        if (nl < 0 || nl >= filled) break;
        const lineStart = next + start;
        const lineEnd = next + nl + 1;
        if (skipping) {
          skipping = false;
        } else if (nl > start) {
          lines++;
          let value: unknown;
          let ok = true;
          try {
            value = JSON.parse(buf.toString('utf8', start, nl));
          } catch (error) {
            ok = false;
            diagnostics.push({
              path: file,
              offset: lineStart,
              reason: 'malformed',
              message: `${file}: line at byte ${lineStart} is not valid JSON (${(error as Error).message}); skipped`,
            });
          }
          if (ok && onLine({ offset: lineStart, end: lineEnd, value }) === false) {
            start = nl + 1;
            stopped = true;
            break;
          }
        }
        start = nl + 1;
      }
      // Keep the unfinished tail at the front of the buffer.
      if (start > 0) {
        buf.copy(buf, 0, start, filled);
        filled -= start;
        next += start;
      }
    }
    if (skipping) next += filled; // the over-long tail stays skipped next time too
    giveBack(buf);
  } finally {
    fs.closeSync(fd);
  }
  return { next, lines, diagnostics };
}

/**
 * Read every complete line from byte `from` into memory (see {@link scanJsonLines}).
 *
 * @example
 * const { entries, next } = readJsonLines(file, 0);
 */
export function readJsonLines(
  file: string,
  from = 0,
  options: { limit?: number } = {},
): ScanResult & { entries: JsonLine[] } {
  const entries: JsonLine[] = [];
  const limit = options.limit ?? Infinity;
  const result = scanJsonLines(file, from, (line) => {
    entries.push(line);
    return entries.length < limit;
  });
  return { ...result, entries };
}
