import type { ReactNode } from 'react';

/** A label/value list for detail panes and confirmation dialogs. */
export function KeyValues({
  rows,
}: {
  rows: readonly (readonly [string, ReactNode] | null | false | undefined)[];
}) {
  return (
    <dl className="kv">
      {rows.map((row) =>
        row ? (
          <div className="kv-row" key={row[0]}>
            <dt>{row[0]}</dt>
            <dd>{row[1] ?? <span className="dim">—</span>}</dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}

/** Any JSON value, pretty-printed (outputs, errors, audit before/after). */
export function JsonBlock({ value }: { value: unknown }) {
  if (value === undefined) return <span className="dim">—</span>;
  let text: string;
  try {
    text = JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    text = String(value);
  }
  return <pre className="json">{text}</pre>;
}
