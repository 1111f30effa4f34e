import crypto from 'node:crypto';
import fs from 'node:fs';

/** How many leading bytes identify a file's content (enough to tell two logs apart). */
export const HEAD_BYTES = 4096;

/** What the index remembers of a file to recognise it at the next sync. */
export interface RememberedFile {
  offset: number;
  identity: string | null;
  head_len: number;
  head_hash: string | null;
}

/**
 * `dev:ino` of an open file, as a string (inode numbers can exceed 2^53).
 *
 * @example
 * fileIdentity(fs.fstatSync(fd, { bigint: true })); // '2049:1835012'
 */
export function fileIdentity(stat: fs.BigIntStats): string {
  return `${stat.dev}:${stat.ino}`;
}

/**
 * sha1 of the first `length` bytes of an open file (fewer if the file is shorter).
 *
 * @example
 * headHash(fd, 4096); // 'a94a8fe5cc...'
 */
export function headHash(fd: number, length: number): string {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, got);
    if (n === 0) break;
    got += n;
  }
  return crypto.createHash('sha1').update(buf.subarray(0, got)).digest('hex');
}

/**
 * Why a file can no longer be continued from its remembered offset, or undefined when it can:
 * another inode at the path (replaced by rename), smaller than what was indexed (truncated),
 * or different first bytes (rewritten in place). Such a file is re-indexed from byte 0.
 *
 * @example
 * changeReason(row, fd, size, identity); // 'truncated: 120 bytes, 4096 indexed'
 */
export function changeReason(
  known: RememberedFile,
  fd: number,
  size: number,
  identity: string,
): string | undefined {
  if (known.identity !== null && known.identity !== identity) {
    return `replaced: now ${identity}, was ${known.identity}`;
  }
  if (size < known.offset) return `truncated: ${size} bytes, ${known.offset} indexed`;
  if (known.head_len > 0) {
    if (size < known.head_len) return `truncated: ${size} bytes, first ${known.head_len} hashed`;
    if (headHash(fd, known.head_len) !== known.head_hash) {
      return `rewritten: the first ${known.head_len} bytes changed`;
    }
  }
  return undefined;
}
