import type { UnsettledView } from '../../api/views.ts';
import type { UnsettledView as DomainUnsettledView } from '../../unsettled/index.ts';

/**
 * The contract's view of one pipeline's unsettled work (acknowledged partial handoffs already
 * left out by the unsettled module). `age_ms` is as of the read; clients age items from
 * `queued_at_ms` themselves, so the model does not push a change every millisecond.
 *
 * @example
 * unsettledView(readUnsettled('/coord', 'ingest')).counts.partial;
 */
export function unsettledView(read: DomainUnsettledView): UnsettledView {
  const b = read.buckets;
  let oldest: number | undefined;
  for (const bucket of [
    b.suspended_subagents,
    b.queued_triggers,
    b.partial_handoffs,
    b.in_flight_llm_calls,
    b.pool_pending_tasks,
  ]) {
    for (const item of bucket as Array<{ queued_at_ms?: unknown }>) {
      const at = item.queued_at_ms;
      if (typeof at === 'number' && Number.isFinite(at) && (oldest === undefined || at < oldest))
        oldest = at;
    }
  }
  return {
    key: read.pipeline_id,
    pipeline_id: read.pipeline_id,
    updated_at_ms: read.updated_at_ms ?? 0,
    counts: read.counts,
    summary: read.summary,
    suspended_subagents: b.suspended_subagents,
    queued_triggers: b.queued_triggers,
    partial_handoffs: b.partial_handoffs,
    in_flight_llm_calls: b.in_flight_llm_calls,
    pool_pending_tasks: b.pool_pending_tasks,
    ...(oldest !== undefined ? { oldest_queued_at_ms: oldest } : {}),
  };
}
