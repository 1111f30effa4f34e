import type { Diagnostic } from '../files/diagnostic.ts';
import { BatonError } from '../errors.ts';
import { appendJsonLine } from '../files/jsonl.ts';
import { readJsonlEntries } from '../files/read-jsonl-entries.ts';
import { layout } from '../layout.ts';
import { OperatorEntrySchema, type OperatorEntry } from './audit-schema.ts';

/** An operator entry to append; `ts_ms` defaults to now. */
export type OperatorEntryInput = Omit<OperatorEntry, 'ts_ms'> & { ts_ms?: number };

/**
 * Append one operator action to `audit/operator.jsonl` (one `O_APPEND` write, so concurrent
 * monitors never interleave). The entry is validated first: an invalid one is refused with
 * `invalid_argument` and nothing is written.
 *
 * @example
 * appendOperatorAudit('/coord', {
 *   operator: 'ana@box', action: 'release_lease', target: 'locks/src/main.ts',
 *   before: { token: 't1' }, after: null, result: 'ok',
 * });
 */
export function appendOperatorAudit(
  dir: string,
  input: OperatorEntryInput,
): { entry: OperatorEntry; cursor: number } {
  const parsed = OperatorEntrySchema.safeParse({ ...input, ts_ms: input.ts_ms ?? Date.now() });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BatonError(
      'invalid_argument',
      `operator audit entry: ${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'invalid'}`,
      { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    );
  }
  const entry = parsed.data;
  const receipt = appendJsonLine(layout(dir).operatorAuditFile, entry, { mkdir: true });
  return { entry, cursor: receipt.cursor };
}

export interface OperatorRead {
  entries: Array<{ entry: OperatorEntry; cursor: number }>;
  next_cursor: number;
  diagnostics: Diagnostic[];
}

/**
 * Read `audit/operator.jsonl` from a cursor (byte offset). Bad lines become diagnostics.
 *
 * @example
 * const { entries, next_cursor } = readOperatorAudit('/coord', { from_cursor: 0 });
 */
export function readOperatorAudit(
  dir: string,
  options: { from_cursor?: number; limit?: number } = {},
): OperatorRead {
  return readJsonlEntries(layout(dir).operatorAuditFile, OperatorEntrySchema, {
    from_cursor: options.from_cursor,
    limit: options.limit,
    what: 'an operator entry',
  });
}
