import type { AttentionItem, UnsettledView } from '../../api/views.ts';
import {
  attentionKey,
  formatDuration,
  formatTime,
  nextAfter,
  type AttentionContext,
  type RuleResult,
} from './attention-context.ts';
import { BUCKET_NOUN, oldestUnsettled, type UnsettledBucket } from './oldest-unsettled.ts';

/** What to check when the oldest item is one only the pipeline itself can settle. */
const CHECK: Readonly<Record<Exclude<UnsettledBucket, 'partial_handoffs'>, string>> = {
  suspended_subagents:
    'check why the subagent is suspended and whether whatever runs the pipeline is alive to resume it',
  queued_triggers:
    'check that whatever runs the pipeline is alive and taking triggers off its queue',
  in_flight_llm_calls:
    'a call in flight this long may be hung: check the pipeline’s worker and its LLM provider',
  pool_pending_tasks: 'check that the pool has live workers taking its tasks',
};

/**
 * `unsettled_old`: a pipeline whose oldest unsettled item has waited longer than
 * `thresholds.unsettled_old_ms`. The item cites that oldest item, so its advice is about it: a
 * partial handoff is settled by acknowledging it (the recommended action, naming that
 * envelope); any other item only leaves when the pipeline (the single writer of its file)
 * handles it and publishes again, so the item says what to check and offers no action. An
 * acknowledgement of a younger partial handoff would not clear it.
 *
 * @example
 * unsettledAttention(view, ctx).items[0]?.action?.request; // 'ackPartialHandoff'
 */
export function unsettledAttention(view: UnsettledView, ctx: AttentionContext): RuleResult {
  const oldest = oldestUnsettled(view);
  if (oldest === undefined) return { items: [] };
  const dueAt = oldest.queued_at_ms + ctx.thresholds.unsettled_old_ms;
  if (dueAt > ctx.now) {
    const next = nextAfter(ctx.now, dueAt);
    return next === undefined ? { items: [] } : { items: [], next_ms: next };
  }
  const noun = BUCKET_NOUN[oldest.bucket];
  const envelope = oldest.envelope_id;
  const partials = view.partial_handoffs.length;
  const item: AttentionItem = {
    key: attentionKey('unsettled_old', 'unsettled', view.key),
    kind: 'unsettled_old',
    severity: 'warning',
    // No instant in a title (notifications and lists show it as it is): the oldest item's
    // time is in the evidence, and the UI counts the age from since_ms.
    title: `Pipeline ${view.pipeline_id} has unsettled work older than ${formatDuration(ctx.thresholds.unsettled_old_ms)}`,
    since_ms: dueAt,
    subject: { entity: 'unsettled', key: view.key },
    evidence: [
      { label: 'summary', value: view.summary },
      { label: 'oldest item', value: `${noun} ${oldest.name}` },
      { label: 'oldest item queued at', value: formatTime(oldest.queued_at_ms) },
      ...(envelope !== undefined
        ? partialEvidence(view, envelope)
        : partials > 0
          ? [
              {
                label: 'partial handoffs',
                value: `${partials} (acknowledging them does not settle the oldest item)`,
              },
            ]
          : []),
    ],
    advice:
      envelope !== undefined
        ? `The oldest item is partial handoff ${envelope}. Acknowledging it records your decision in the lifecycle audit and settles it.`
        : `The oldest item is ${noun} ${oldest.name}, which only pipeline ${view.pipeline_id} can settle: it leaves this list when the pipeline handles it and publishes its unsettled work again. Nothing in the monitor settles it: ${CHECK[oldest.bucket as Exclude<UnsettledBucket, 'partial_handoffs'>]} (\`baton unsettled show ${view.pipeline_id}\`).`,
  };
  if (envelope !== undefined) {
    item.action = {
      request: 'ackPartialHandoff',
      label: `Acknowledge partial handoff ${envelope}`,
      input: { pipeline_id: view.pipeline_id, envelope_id: envelope },
      needs_reason: true,
    };
  }
  return { items: [item] };
}

function partialEvidence(
  view: UnsettledView,
  envelopeId: string,
): Array<{ label: string; value: string }> {
  const partial = view.partial_handoffs.find((p) => p.envelope_id === envelopeId);
  return [
    {
      label: 'oldest partial handoff',
      value: `${envelopeId}${partial?.payload_summary ? `: ${partial.payload_summary}` : ''}`,
    },
  ];
}
