import { useMemo } from 'react';
import { useSecondsSince, useSecondsUntil } from '../app-context.tsx';
import { formatAbsolute, formatAgo, formatCountdown } from '../format/duration.ts';

/** "expires in 1m 12s" counting live from the shared ticker; absolute time on hover. */
export function Countdown({
  targetMs,
  future = 'expires in',
  past = 'expired',
}: {
  targetMs: number | undefined;
  future?: string;
  past?: string;
}) {
  const seconds = useSecondsUntil(targetMs);
  const title = useAbsoluteTitle(targetMs);
  if (targetMs === undefined || seconds === undefined) return <span className="dim">—</span>;
  return (
    <time
      className={seconds <= 0 ? 'countdown past' : 'countdown'}
      dateTime={title?.iso}
      title={title?.text}
    >
      {formatCountdown(seconds * 1000, { future, past })}
    </time>
  );
}

/** "3s ago", live; absolute time on hover. `prefix` reads e.g. "last seen 3s ago". */
export function Ago({ sinceMs, prefix }: { sinceMs: number | undefined; prefix?: string }) {
  const seconds = useSecondsSince(sinceMs);
  const title = useAbsoluteTitle(sinceMs);
  if (sinceMs === undefined || seconds === undefined) return <span className="dim">—</span>;
  const text = formatAgo(seconds * 1000);
  return (
    <time dateTime={title?.iso} title={title?.text}>
      {prefix ? `${prefix} ${text}` : text}
    </time>
  );
}

/** An age without "ago" ("4m 2s"), e.g. how long a handoff has waited. */
export function Age({ sinceMs }: { sinceMs: number | undefined }) {
  const seconds = useSecondsSince(sinceMs);
  const title = useAbsoluteTitle(sinceMs);
  if (sinceMs === undefined || seconds === undefined) return <span className="dim">—</span>;
  return (
    <time dateTime={title?.iso} title={title?.text}>
      {formatAgo(seconds * 1000).replace(/ ago$/, '')}
    </time>
  );
}

/** The hover text and ISO stamp of a time, formatted once per time (not on every tick). */
function useAbsoluteTitle(ms: number | undefined): { text: string; iso: string } | undefined {
  return useMemo(
    () =>
      ms === undefined ? undefined : { text: formatAbsolute(ms), iso: new Date(ms).toISOString() },
    [ms],
  );
}
