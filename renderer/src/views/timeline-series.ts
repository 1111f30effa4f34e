import type { RequestOutput } from '../../../core/api/contract.ts';

type TimelineBucket = RequestOutput<'timeline'>['buckets'][number];

/**
 * The charts and their captions. The engine counts a bucket's leases held and agents alive as
 * every key in that state at some moment of the bucket (core/monitor/history/timeline.ts), not
 * how many at once: a minute in which 79 short leases came and went reads 79 while the rail,
 * which counts the leases held now, says 14. Neither the count at the bucket's end nor the peak
 * held at once can be recovered from that (the transitions listed are capped and renewals
 * dominate them), so the caption says exactly what is plotted.
 */
export const SERIES = [
  {
    id: 'leases_held',
    label: (bucket: string) => `Leases held at some point in each ${bucket}`,
  },
  {
    id: 'agents_alive',
    label: (bucket: string) => `Agents alive at some point in each ${bucket}`,
  },
  { id: 'messages', label: () => 'Messages per minute' },
  { id: 'attention', label: () => 'Attention items' },
] as const;

/**
 * One series' values per bucket: messages per minute throughout (counted from the room files),
 * the others only from the bucket in which recording began (`recordedSinceMs`): before it the
 * monitor was not watching, and a 0 there would claim an empty fleet.
 */
export function seriesValues(
  buckets: readonly TimelineBucket[],
  id: (typeof SERIES)[number]['id'],
  bucketMs: number,
  recordedSinceMs: number | undefined,
): (number | null)[] {
  return buckets.map((b) => {
    if (id === 'messages') return (b.messages * 60_000) / bucketMs;
    if (recordedSinceMs === undefined || b.t_ms + bucketMs <= recordedSinceMs) return null;
    return b[id];
  });
}
