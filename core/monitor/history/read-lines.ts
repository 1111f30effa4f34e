import fs from 'node:fs';

/** Read spans closer together than this in one read() rather than one per line. */
const SPAN_READ_BYTES = 8 * 1024 * 1024;

/**
 * Read the lines at `spans` (byte offset and length, newline included) of `file`, as text
 * without the newline; `undefined` for a span the file no longer holds (it shrank or vanished).
 * Lines close together are read with one read(); the index keeps offsets, not the messages.
 *
 * @example
 * readLineSpans('/coord/rooms/task/t1/plan.jsonl', [{ offset: 0, len: 120 }]); // ['{"schema":...}']
 */
export function readLineSpans(
  file: string,
  spans: ReadonlyArray<{ offset: number; len: number }>,
): Array<string | undefined> {
  const out: Array<string | undefined> = spans.map(() => undefined);
  if (spans.length === 0) return out;
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return out;
  }
  try {
    const lo = Math.min(...spans.map((s) => s.offset));
    const hi = Math.max(...spans.map((s) => s.offset + s.len));
    if (hi - lo <= SPAN_READ_BYTES) {
      const buf = readAt(fd, lo, hi - lo);
      spans.forEach((s, i) => {
        if (s.offset + s.len - lo <= buf.length) {
          out[i] = buf.toString('utf8', s.offset - lo, s.offset + s.len - lo - 1);
        }
      });
    } else {
      spans.forEach((s, i) => {
        const buf = readAt(fd, s.offset, s.len);
        if (buf.length === s.len) out[i] = buf.toString('utf8', 0, s.len - 1);
      });
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}
