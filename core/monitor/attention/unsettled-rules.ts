import type { UnsettledView } from '../../api/views.ts';
import {
  attentionKey,
  formatDuration,
  formatTime,
  nextAfter,
  type AttentionContext,
  type RuleResult,
} from './attention-context.ts';

/**
 * `unsettled_old`: a pipeline whose oldest unsettled item has waited longer than
 * `thresholds.unsettled_old_ms`. When it has partial handoffs, recommends acknowledging the
 * oldest (the operator states a decision); otherwise advice only.
 *
 * @example
 * unsettledAttention(view, ctx).items[0]?.action?.request; // 'ackPartialHandoff'
 */
export function unsettledAttention(view: UnsettledView, ctx: AttentionContext): RuleResult {
  const oldest = view.oldest_queued_at_ms;
  if (oldest === undefined) return { items: [] };
  const dueAt = oldest + ctx.thresholds.unsettled_old_ms;
  if (dueAt > ctx.now) {
    const next = nextAfter(ctx.now, dueAt);
    return next === undefined ? { items: [] } : { items: [], next_ms: next };
  }
  const partial = [...view.partial_handoffs].sort((a, b) => a.queued_at_ms - b.queued_at_ms)[0];
  return {
    items: [
      {
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
          { label: 'oldest item queued at', value: formatTime(oldest) },
          ...(partial
            ? [
                {
                  label: 'oldest partial handoff',
                  value: `${partial.envelope_id}${partial.payload_summary ? `: ${partial.payload_summary}` : ''}`,
                },
              ]
            : []),
        ],
        ...(partial
          ? {
              action: {
                request: 'ackPartialHandoff' as const,
                label: `Acknowledge partial handoff ${partial.envelope_id}`,
                input: { pipeline_id: view.pipeline_id, envelope_id: partial.envelope_id },
                needs_reason: true,
              },
            }
          : {}),
        advice: partial
          ? 'Acknowledging a partial handoff records your decision in the lifecycle audit and settles it.'
          : 'Work in this pipeline has been queued or in flight for a long time: check the agents serving it.',
      },
    ],
  };
}
