import fs from 'node:fs';
import type { z } from 'zod';
import { hasErrnoCode } from '../errors.ts';
import { danglingLinkDiagnostic } from './dangling-link.ts';
import type { Diagnostic } from './diagnostic.ts';

export type RecordRead<T> =
  | { ok: true; value: T; mtimeMs: number }
  | { ok: false; absent: true }
  | { ok: false; absent: false; diagnostic: Diagnostic; raw?: unknown };

export interface ReadRecordOptions {
  /**
   * Whether to fstat the file for `mtimeMs` (default true). Hot paths that never look at it pass
   * false (a lease acquirer reads the holder's record on every attempt): one syscall less, and
   * `mtimeMs` is then 0.
   */
  mtime?: boolean;
}

/**
 * Read a whole-file JSON record and validate it. Never throws on content: a missing file is
 * `absent` (a symbolic link to nowhere is not: it is `unreadable`), anything else wrong is a
 * {@link Diagnostic}. A record whose `schema` names another
 * family, kind or version than `expectedSchema` is `unsupported`. A record that fits in 16 KiB
 * costs open, fstat, read, close (without `mtime`: open, read, close).
 *
 * @example
 * const read = readRecord(file, AgentRecordSchema, 'baton.agent.v1');
 * if (read.ok) console.log(read.value.last_seen_ms);
 */
export function readRecord<S extends z.ZodType>(
  file: string,
  schema: S,
  expectedSchema: string | readonly string[],
  options: ReadRecordOptions = {},
): RecordRead<z.infer<S>> {
  let text: string;
  let mtimeMs = 0;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      if (options.mtime !== false) mtimeMs = fs.fstatSync(fd).mtimeMs;
      text = readText(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if (!hasErrnoCode(error, 'ENOENT', 'ENOTDIR'))
      return unreadable(file, (error as Error).message);
    // A link to nowhere is a file someone put there, not an absent record: say so.
    const broken = danglingLinkDiagnostic(file);
    return broken ? { ok: false, absent: false, diagnostic: broken } : { ok: false, absent: true };
  }
  return parseRecord(file, text, schema, expectedSchema, mtimeMs);
}

function unreadable(file: string, why: string): RecordRead<never> {
  return {
    ok: false,
    absent: false,
    diagnostic: { path: file, reason: 'unreadable', message: `${file}: ${why}` },
  };
}

const CHUNK = 16 * 1024;
/** Reused by every read (all synchronous, so never by two at once): no allocation per record. */
const scratch = Buffer.allocUnsafe(CHUNK);

/**
 * The rest of `fd` as UTF-8. A short read of a regular file means end of file, so a record that
 * fits in one chunk costs one read() (readFileSync reads again to see 0).
 */
function readText(fd: number): string {
  const got = fs.readSync(fd, scratch, 0, CHUNK, null);
  if (got < CHUNK) return scratch.toString('utf8', 0, got);
  const chunks = [Buffer.from(scratch)];
  for (;;) {
    const buf = Buffer.allocUnsafe(CHUNK);
    const more = fs.readSync(fd, buf, 0, CHUNK, null);
    if (more > 0) chunks.push(more === CHUNK ? buf : buf.subarray(0, more));
    if (more < CHUNK) return Buffer.concat(chunks).toString('utf8');
  }
}

/** Validate already-read JSON text (see {@link readRecord}). */
export function parseRecord<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  expectedSchema: string | readonly string[],
  mtimeMs = 0,
): RecordRead<z.infer<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      absent: false,
      diagnostic: {
        path: file,
        reason: 'malformed',
        message: `${file}: not valid JSON (${(error as Error).message})`,
      },
    };
  }
  const expected = typeof expectedSchema === 'string' ? [expectedSchema] : expectedSchema;
  const declared =
    raw !== null && typeof raw === 'object' ? (raw as { schema?: unknown }).schema : undefined;
  if (expected.length > 0 && declared !== undefined && !expected.includes(String(declared))) {
    return {
      ok: false,
      absent: false,
      raw,
      diagnostic: {
        path: file,
        reason: 'unsupported',
        message: `${file}: schema ${JSON.stringify(declared)} is not supported (expected ${expected.join(' or ')})`,
      },
    };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'record';
    return {
      ok: false,
      absent: false,
      raw,
      diagnostic: {
        path: file,
        reason: 'malformed',
        message: `${file}: ${where}: ${issue?.message ?? 'invalid record'}`,
      },
    };
  }
  return { ok: true, value: parsed.data, mtimeMs };
}
