/** The bucket width for a range: a 120th of it in whole minutes, at least one minute. */
export function timelineBucket(rangeMs: number): number {
  return Math.max(60_000, Math.round(rangeMs / 120 / 60_000) * 60_000);
}

/**
 * The window a timeline request covers, ending at the server's `nowMs` (the ticker's clock, as
 * every countdown uses; the browser's own clock may be off) rounded up to a whole bucket, so
 * the buckets keep their bounds from one refresh to the next and each reads as a clean span.
 */
export function timelineWindow(
  nowMs: number,
  rangeMs: number,
  bucketMs: number,
): { from_ms: number; to_ms: number; bucket_ms: number } {
  const to = Math.ceil(nowMs / bucketMs) * bucketMs;
  return { from_ms: to - rangeMs, to_ms: to, bucket_ms: bucketMs };
}
