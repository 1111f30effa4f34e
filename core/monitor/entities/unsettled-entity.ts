import type { UnsettledView } from '../../api/views.ts';
import type { UnsettledView as DomainUnsettledView } from '../../unsettled/index.ts';
import { oldestUnsettled } from '../attention/oldest-unsettled.ts';

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
  const view: UnsettledView = {
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
  };
  // The age the attention rule cites: the same oldest item it names.
  const oldest = oldestUnsettled(view)?.queued_at_ms;
  return oldest !== undefined ? { ...view, oldest_queued_at_ms: oldest } : view;
}
