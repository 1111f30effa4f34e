import type { z } from 'zod';
import type { Diagnostic } from './diagnostic.ts';
import { scanJsonLines } from './jsonl.ts';

export interface JsonlEntriesRead<T> {
  /** The valid entries kept, each with the cursor just past its line. */
  entries: Array<{ entry: T; cursor: number }>;
  /** Pass back as `from_cursor` to read only what was appended since. */
  next_cursor: number;
  /** Lines that are not JSON (first) or not entries of `schema` (then), each skipped. */
  diagnostics: Diagnostic[];
}

export interface ReadJsonlEntriesOptions<T> {
  /** Start at this cursor (a byte offset returned earlier); default the beginning. */
  from_cursor?: number;
  /** Stop after this many kept entries; `next_cursor` is then just past the last one. */
  limit?: number;
  /** Keep only the entries for which this is true (the others still advance the cursor). */
  keep?: (entry: T) => boolean;
  /** What an entry is, for diagnostics: `'a lifecycle entry'` gives "not a lifecycle entry". */
  what: string;
}

/**
 * Read a cursor-paged JSONL log whose every line must be one `schema` entry, as the audit logs
 * are. Never throws on content: a line that is not JSON or not an entry becomes a diagnostic
 * (file, byte offset, reason) and is skipped. Shared so every log pages and reports bad lines
 * the same way.
 *
 * @example
 * const { entries, next_cursor } = readJsonlEntries(file, OperatorEntrySchema, {
 *   from_cursor: 0,
 *   what: 'an operator entry',
 * });
 */
export function readJsonlEntries<S extends z.ZodType>(
  file: string,
  schema: S,
  options: ReadJsonlEntriesOptions<z.infer<S>>,
): JsonlEntriesRead<z.infer<S>> {
  const entries: JsonlEntriesRead<z.infer<S>>['entries'] = [];
  const diagnostics: Diagnostic[] = [];
  const limit = options.limit ?? Infinity;
  let next = options.from_cursor ?? 0;
  const scan = scanJsonLines(file, next, (line) => {
    next = line.end;
    const parsed = schema.safeParse(line.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      diagnostics.push({
        path: file,
        offset: line.offset,
        reason: 'malformed',
        message: `${file}: line at byte ${line.offset}: ${issue?.path.join('.') || 'entry'}: ${issue?.message ?? `not ${options.what}`}; skipped`,
      });
      return true;
    }
    const entry = parsed.data as z.infer<S>;
    if (options.keep && !options.keep(entry)) return true;
    entries.push({ entry, cursor: line.end });
    return entries.length < limit;
  });
  if (entries.length < limit) next = scan.next;
  return { entries, next_cursor: next, diagnostics: [...scan.diagnostics, ...diagnostics] };
}
