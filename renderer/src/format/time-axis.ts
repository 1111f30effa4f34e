import { formatDuration } from './duration.ts';

/**
 * Times on the Timeline's charts, in the UI's own style: local 24-hour time and ISO-ordered
 * dates, like formatClock and formatTimestamp ("17:51", "2025-11-22"), never "5:51pm" or
 * "11/22/25" (uPlot's defaults).
 */

const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function localTime(d: Date, seconds: boolean): string {
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return seconds ? `${hm}:${pad(d.getSeconds())}` : hm;
}

/**
 * Labels for the ticks of a time axis (instants in ms, `stepMs` apart): "22:30" ("22:30:15" when
 * ticks are under a minute apart), with the date on a second line under the first tick and
 * wherever the day changes; ticks a day or more apart show the date alone.
 *
 * @example
 * formatTimeTicks([t2230, t2240], 600_000); // ["22:30\n2026-11-22", "22:40"]
 */
export function formatTimeTicks(ticksMs: readonly number[], stepMs: number): string[] {
  let lastDay: string | undefined;
  return ticksMs.map((ms) => {
    const d = new Date(ms);
    const day = localDate(d);
    if (stepMs >= DAY_MS) return day;
    const time = localTime(d, stepMs < 60_000);
    const label = day === lastDay ? time : `${time}\n${day}`;
    lastDay = day;
    return label;
  });
}

/**
 * The span of one chart bucket, for the readout beside a chart: "22:30–22:31", with the date of
 * its start first when the chart covers several days ("2026-11-22 22:30–23:54").
 */
export function formatBucketSpan(startMs: number, bucketMs: number, withDate: boolean): string {
  const start = new Date(startMs);
  const end = new Date(startMs + bucketMs);
  const seconds = bucketMs % 60_000 !== 0 || startMs % 60_000 !== 0;
  const span = `${localTime(start, seconds)}–${localTime(end, seconds)}`;
  return withDate ? `${localDate(start)} ${span}` : span;
}

/** A bucket width as words for a chart caption: "minute", "hour", else "12m bucket". */
export function formatBucketWidth(bucketMs: number): string {
  if (bucketMs === 60_000) return 'minute';
  if (bucketMs === 3_600_000) return 'hour';
  return `${formatDuration(bucketMs)} bucket`;
}
