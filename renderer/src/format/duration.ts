/**
 * Relative times as the operator reads them: two units at most ("1m 12s", "3h 5m", "2d 4h"),
 * whole seconds (sub-second precision would only flicker), never negative.
 */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return pair(totalMinutes, 'm', totalSeconds % 60, 's');
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) return pair(totalHours, 'h', totalMinutes % 60, 'm');
  return pair(Math.floor(totalHours / 24), 'd', totalHours % 24, 'h');
}

function pair(a: number, aUnit: string, b: number, bUnit: string): string {
  return b === 0 ? `${a}${aUnit}` : `${a}${aUnit} ${b}${bUnit}`;
}

/**
 * "expires in 1m 12s" / "expired 3s ago". Rounds the remaining time UP, so the text reads
 * "expires in 1s" until the very instant of expiry and "expired 0s ago" from then on: the
 * word flips exactly when the lease turns stale.
 */
export function formatCountdown(
  remainingMs: number,
  verbs = { future: 'expires in', past: 'expired' },
): string {
  if (remainingMs > 0)
    return `${verbs.future} ${formatDuration(Math.ceil(remainingMs / 1000) * 1000)}`;
  return `${verbs.past} ${formatDuration(-remainingMs)} ago`;
}

/** "3s ago", "just now" under a second, "in 2s" when the stamp is ahead (clock skew). */
export function formatAgo(elapsedMs: number): string {
  if (elapsedMs < 0) return elapsedMs > -1000 ? 'just now' : `in ${formatDuration(-elapsedMs)}`;
  if (elapsedMs < 1000) return 'just now';
  return `${formatDuration(elapsedMs)} ago`;
}

/** Absolute time for hover titles: local wall time with the UTC instant beside it. */
export function formatAbsolute(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return 'invalid time';
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const local = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
  return `${local} local (${d.toISOString()})`;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * The instant an ISO 8601 UTC timestamp names ("2026-11-22T21:48:09.473Z", as the engine writes
 * instants into attention evidence), or undefined for any other text.
 */
export function parseInstant(text: string): number | undefined {
  if (!ISO_INSTANT.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

const ISO_INSTANTS = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z/g;

/**
 * Text with every ISO UTC instant in it shown in local time ("waiting since 2026-11-22 21:48:09.473"),
 * the rest as it is: the engine's titles and evidence name instants in UTC.
 */
export function localizeInstants(text: string): string {
  return text.replace(ISO_INSTANTS, (iso) => {
    const ms = parseInstant(iso);
    return ms === undefined ? iso : formatTimestamp(ms);
  });
}

/** Local date and time to the millisecond, for visible absolute times ("2025-11-22 17:51:03.120"). */
export function formatTimestamp(ms: number): string {
  return formatAbsolute(ms).replace(/ local \(.*\)$/, '');
}

/** Short wall-clock time for dense columns, e.g. "17:51:03". */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Clock offset for the top bar: "+0.3 s", "−5.2 s". */
export function formatOffset(offsetMs: number): string {
  const s = Math.abs(offsetMs) / 1000;
  const sign = offsetMs < 0 ? '−' : '+';
  return `${sign}${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
}

/** Thousands separators without locale surprises: 10000 -> "10,000". */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}
