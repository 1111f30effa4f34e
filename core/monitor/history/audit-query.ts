import type { ParsedInput, RequestOutput } from '../../api/contract.ts';
import { LifecycleEntrySchema, OperatorEntrySchema } from '../../audit/audit-schema.ts';
import type { StatementCache } from './statement-cache.ts';

type AuditEntry = RequestOutput<'audit'>['entries'][number];

/**
 * Operator and lifecycle audit entries, newest first (by `ts_ms`, then file position), from
 * one or both logs, optionally only those whose JSON contains `text` (case-insensitive).
 *
 * @example
 * auditEntries(cache, { source: 'operator', text: 'release', limit: 100 });
 */
export function auditEntries(
  cache: StatementCache,
  input: ParsedInput<'audit'>,
): RequestOutput<'audit'> {
  const sources = input.source === 'all' ? ['operator', 'lifecycle'] : [input.source];
  const text = input.text?.trim() ? input.text.toLowerCase() : undefined;
  const sql = `SELECT source, cursor, json FROM audit
    WHERE source IN (${sources.map(() => '?').join(', ')})${text === undefined ? '' : ' AND instr(lower(json), ?) > 0'}
    ORDER BY ts_ms DESC, cursor DESC LIMIT ?`;
  const params: unknown[] = [...sources, ...(text === undefined ? [] : [text]), input.limit];
  const entries: AuditEntry[] = [];
  for (const row of cache
    .get<unknown[], { source: string; cursor: number; json: string }>(sql)
    .all(...params)) {
    const value: unknown = JSON.parse(row.json);
    if (row.source === 'operator') {
      const parsed = OperatorEntrySchema.safeParse(value);
      if (parsed.success)
        entries.push({ source: 'operator', cursor: row.cursor, entry: parsed.data });
    } else {
      const parsed = LifecycleEntrySchema.safeParse(value);
      if (parsed.success)
        entries.push({ source: 'lifecycle', cursor: row.cursor, entry: parsed.data });
    }
  }
  return { entries };
}
