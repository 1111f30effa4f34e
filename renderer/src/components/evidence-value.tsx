import { formatTimestamp, parseInstant } from '../format/duration.ts';
import { Ago } from './relative-time.tsx';

/**
 * One evidence value of an attention item. The engine names instants as ISO UTC timestamps (its
 * text is derived once and never re-rendered); here an instant reads in local time with its age
 * counting live from the shared ticker, e.g. "2026-11-22 21:48:09.473 (3s ago)".
 */
export function EvidenceValue({ value }: { value: string }) {
  const ms = parseInstant(value);
  if (ms === undefined) return <span className="mono-ish">{value}</span>;
  return (
    <span className="mono-ish">
      {formatTimestamp(ms)}{' '}
      <span className="dim">
        (<Ago sinceMs={ms} />)
      </span>
    </span>
  );
}
