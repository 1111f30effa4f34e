/**
 * Render rows as a plain aligned text table for humans (the --json form is for scripts).
 *
 * @example
 * formatTable([{ id: 'a', state: 'active' }], ['id', 'state']);
 * // ID  STATE
 * // a   active
 */
export function formatTable(
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((row) => columns.map((c) => cellText(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n');
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '-';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** "in 1m 12s" / "3s ago" for a time relative to now. */
export function relativeTime(ms: number, now = Date.now()): string {
  const delta = ms - now;
  const text = duration(Math.abs(delta));
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}

/** A duration in ms as "1h 2m", "1m 12s", "3s" or "250ms". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${m % 60}m`;
}
