import type { UnsettledView } from '../../api/views.ts';

/** The buckets of a pipeline's unsettled work, as the view names them. */
export type UnsettledBucket =
  | 'suspended_subagents'
  | 'queued_triggers'
  | 'partial_handoffs'
  | 'in_flight_llm_calls'
  | 'pool_pending_tasks';

/** The oldest dated item of a pipeline, with its bucket and a name to cite it by. */
export interface OldestUnsettled {
  bucket: UnsettledBucket;
  queued_at_ms: number;
  /** The item's id as its producer gave it (`id`, `envelope_id`, …), else its position. */
  name: string;
  /** Set when the oldest item is a partial handoff: the one envelope an operator can settle. */
  envelope_id?: string;
}

/** Each bucket in singular words, for titles and evidence ("queued trigger t1"). */
export const BUCKET_NOUN: Readonly<Record<UnsettledBucket, string>> = {
  suspended_subagents: 'suspended subagent',
  queued_triggers: 'queued trigger',
  partial_handoffs: 'partial handoff',
  in_flight_llm_calls: 'in-flight LLM call',
  pool_pending_tasks: 'pool pending task',
};

const BUCKETS = Object.keys(BUCKET_NOUN) as UnsettledBucket[];
/** Fields producers use to name an item (items are free-form, as in the seed). */
const NAME_FIELDS = ['envelope_id', 'id', 'name', 'trigger_id', 'task_id', 'call_id'] as const;

/**
 * The item the pipeline's age is measured from: the one with the smallest `queued_at_ms`
 * across all buckets (partial handoffs win a tie, being the only ones an operator can settle).
 * This is the item the attention item cites, so its recommended action must settle THIS one.
 *
 * @example
 * oldestUnsettled(view); // { bucket: 'queued_triggers', name: 't1', queued_at_ms: … }
 */
export function oldestUnsettled(view: UnsettledView): OldestUnsettled | undefined {
  let best: OldestUnsettled | undefined;
  for (const bucket of ['partial_handoffs', ...BUCKETS.filter((b) => b !== 'partial_handoffs')]) {
    const items = view[bucket as UnsettledBucket] as Array<Record<string, unknown>>;
    items.forEach((item, index) => {
      const at = item.queued_at_ms;
      if (typeof at !== 'number' || !Number.isFinite(at)) return;
      if (best !== undefined && at >= best.queued_at_ms) return;
      const envelope = bucket === 'partial_handoffs' ? item.envelope_id : undefined;
      best = {
        bucket: bucket as UnsettledBucket,
        queued_at_ms: at,
        name: nameOf(item, index),
        ...(typeof envelope === 'string' ? { envelope_id: envelope } : {}),
      };
    });
  }
  return best;
}

function nameOf(item: Record<string, unknown>, index: number): string {
  for (const field of NAME_FIELDS) {
    const value = item[field];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return `#${index + 1}`;
}
