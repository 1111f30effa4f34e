import fs from 'node:fs';
import type { z } from 'zod';
import { hasErrnoCode } from '../errors.ts';
import type { Diagnostic } from './diagnostic.ts';

export type RecordRead<T> =
  | { ok: true; value: T; mtimeMs: number }
  | { ok: false; absent: true }
  | { ok: false; absent: false; diagnostic: Diagnostic; raw?: unknown };

/**
 * Read a whole-file JSON record and validate it. Never throws on content: a missing file is
 * `absent`, anything else wrong is a {@link Diagnostic}. A record whose `schema` names another
 * family, kind or version than `expectedSchema` is `unsupported`.
 *
 * @example
 * const read = readRecord(file, AgentRecordSchema, 'baton.agent.v1');
 * if (read.ok) console.log(read.value.last_seen_ms);
 */
export function readRecord<S extends z.ZodType>(
  file: string,
  schema: S,
  expectedSchema: string | readonly string[],
): RecordRead<z.infer<S>> {
  let text: string;
  let mtimeMs: number;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      mtimeMs = fs.fstatSync(fd).mtimeMs;
      text = fs.readFileSync(fd, 'utf8');
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
  return parseRecord(file, text, schema, expectedSchema, mtimeMs);
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
