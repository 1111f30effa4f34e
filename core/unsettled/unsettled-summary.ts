/** The five buckets of a pipeline's unsettled work, each a list of JSON items. */
export interface UnsettledBuckets {
  suspended_subagents: unknown[];
  queued_triggers: unknown[];
  partial_handoffs: unknown[];
  in_flight_llm_calls: unknown[];
  pool_pending_tasks: unknown[];
}

export const BUCKET_NAMES = [
  'suspended_subagents',
  'queued_triggers',
  'partial_handoffs',
  'in_flight_llm_calls',
  'pool_pending_tasks',
] as const satisfies ReadonlyArray<keyof UnsettledBuckets>;

/** Items per bucket, under the seed's short names. */
export interface UnsettledCounts {
  suspended: number;
  queued: number;
  partial: number;
  in_flight: number;
  pool_pending: number;
}

/**
 * Count each bucket (a missing bucket counts 0), as the seed's `counts_json` does.
 *
 * @example
 * unsettledCounts({ queued_triggers: [{}, {}] });
 * // { suspended: 0, queued: 2, partial: 0, in_flight: 0, pool_pending: 0 }
 */
export function unsettledCounts(buckets: Partial<UnsettledBuckets>): UnsettledCounts {
  return {
    suspended: buckets.suspended_subagents?.length ?? 0,
    queued: buckets.queued_triggers?.length ?? 0,
    partial: buckets.partial_handoffs?.length ?? 0,
    in_flight: buckets.in_flight_llm_calls?.length ?? 0,
    pool_pending: buckets.pool_pending_tasks?.length ?? 0,
  };
}

/**
 * The seed's one-line summary: "no unsettled work" when every bucket is empty, else every
 * count in a fixed order and wording (plural nouns even for 1, as the seed prints them).
 * Takes counts or the buckets themselves.
 *
 * @example
 * unsettledSummary({ suspended: 1, queued: 0, partial: 2, in_flight: 0, pool_pending: 0 });
 * // 'unsettled work: 1 suspended subagents, 0 queued triggers, 2 partial handoffs, 0 in-flight llm calls, 0 pool pending tasks'
 */
export function unsettledSummary(of: UnsettledCounts | Partial<UnsettledBuckets>): string {
  const c = isCounts(of) ? of : unsettledCounts(of);
  if (c.suspended + c.queued + c.partial + c.in_flight + c.pool_pending === 0) {
    return 'no unsettled work';
  }
  return (
    `unsettled work: ${c.suspended} suspended subagents, ${c.queued} queued triggers, ` +
    `${c.partial} partial handoffs, ${c.in_flight} in-flight llm calls, ` +
    `${c.pool_pending} pool pending tasks`
  );
}

function isCounts(value: UnsettledCounts | Partial<UnsettledBuckets>): value is UnsettledCounts {
  return typeof (value as UnsettledCounts).suspended === 'number';
}
