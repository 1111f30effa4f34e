import fs from 'node:fs';
import type { Diagnostic } from '../../files/diagnostic.ts';
import { MAX_RECORD_BYTES } from '../../files/jsonl.ts';

const NEWLINE = 0x0a;
const CHUNK_BYTES = 1024 * 1024;

/** One complete, parsed line handed to {@link LineReader.read}'s callback. */
export type OnJsonLine = (value: unknown, offset: number, end: number) => void;

/**
 * A resumable JSONL reader over an open descriptor, for ingesting a file in batches: unlike
 * `scanJsonLines` (which re-opens the file and re-reads its 1 MiB chunk on every call), it keeps
 * its descriptor and read-ahead buffer between batches, so a file is read exactly once however
 * small the batches. Same rules as `scanJsonLines`: a last line without a newline is "not yet
 * written" (left for the next sync), a line that is not JSON becomes a `malformed` diagnostic,
 * a line over the record limit a `too_large` one; both are skipped and reading carries on.
 *
 * @example
 * const reader = new LineReader(file, fd, offset, size);
 * while (reader.read(5000, (value, offset, end) => ingest(value, end), report) === 5000) await tick();
 * reader.next; // where the next sync starts
 */
export class LineReader {
  readonly file: string;
  private readonly fd: number;
  private readonly limit: number;
  private readonly maxLine: number;
  private buf: Buffer;
  private filled = 0; // bytes of buf holding data that starts at file offset `this.next`
  private pos: number; // file offset of the next read
  private skipping = false; // inside an over-long line, discarding until its newline
  private eof = false;
  /** Offset just past the last complete line consumed: where the next read starts. */
  next: number;

  constructor(file: string, fd: number, from: number, limit: number, maxLine = MAX_RECORD_BYTES) {
    this.file = file;
    this.fd = fd;
    this.next = from;
    this.pos = from;
    this.limit = limit;
    this.maxLine = maxLine;
    this.buf = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(limit - from, 64)));
  }

  /** True once every complete line below the limit has been consumed. */
  get done(): boolean {
    return this.eof;
  }

  /**
   * Consume up to `maxLines` complete lines (good or bad), and no more once `maxBytes` are
   * consumed, calling `onLine` for each one that parses and `onBad` for each that does not.
   * Returns the number of lines consumed; {@link done} says whether the end was reached.
   */
  read(
    maxLines: number,
    onLine: OnJsonLine,
    onBad: (d: Diagnostic) => void,
    maxBytes = Infinity,
  ): number {
    let count = 0;
    const from = this.next;
    let full = false;
    for (;;) {
      // Drain complete lines already in the buffer.
      let start = 0;
      while (count < maxLines) {
        if (this.next + start - from >= maxBytes) {
          full = true;
          break;
        }
        const nl = this.buf.indexOf(NEWLINE, start);
        if (nl < 0 || nl >= this.filled) break;
        const lineStart = this.next + start;
        if (this.skipping) {
          this.skipping = false; // the tail of an over-long line: already reported
        } else if (nl + 1 - start > this.maxLine) {
          count++;
          onBad(this.tooLarge(lineStart));
        } else if (nl > start) {
          count++;
          let value: unknown;
          let ok = true;
          try {
            value = JSON.parse(this.buf.toString('utf8', start, nl));
          } catch (error) {
            ok = false;
            onBad({
              path: this.file,
              offset: lineStart,
              reason: 'malformed',
              message: `${this.file}: line at byte ${lineStart} is not valid JSON (${(error as Error).message}); skipped`,
            });
          }
          if (ok) onLine(value, lineStart, this.next + nl + 1);
        }
        start = nl + 1;
      }
      if (start > 0) {
        this.buf.copy(this.buf, 0, start, this.filled);
        this.filled -= start;
        this.next += start;
      }
      if (count >= maxLines || full) return count;
      if (!this.fill(onBad)) {
        // An over-long line cut by the end stays skipped next time too (as scanJsonLines does).
        if (this.skipping) {
          this.next += this.filled;
          this.filled = 0;
        }
        this.eof = true;
        return count;
      }
    }
  }

  /** Read more bytes after the buffered tail; false at the limit (or if the file shrank). */
  private fill(onBad: (d: Diagnostic) => void): boolean {
    if (this.pos >= this.limit) return false;
    if (this.filled === this.buf.length) {
      if (this.buf.length < this.maxLine + 1) {
        // A line longer than the buffer: grow up to the record limit.
        const bigger = Buffer.allocUnsafe(Math.min(this.buf.length * 2, this.maxLine + 1));
        this.buf.copy(bigger, 0, 0, this.filled);
        this.buf = bigger;
      } else {
        // Over the limit: report it once, then discard bytes until its newline.
        if (!this.skipping) onBad(this.tooLarge(this.next));
        this.skipping = true;
        this.next += this.filled;
        this.filled = 0;
      }
    }
    const want = Math.min(this.buf.length - this.filled, this.limit - this.pos);
    const got = fs.readSync(this.fd, this.buf, this.filled, want, this.pos);
    if (got === 0) return false; // truncated under us: the next sync notices the size
    this.pos += got;
    this.filled += got;
    return true;
  }

  private tooLarge(offset: number): Diagnostic {
    return {
      path: this.file,
      offset,
      reason: 'too_large',
      message: `${this.file}: line at byte ${offset} is over ${this.maxLine} bytes; skipped`,
    };
  }
}
