import type { HandoffView } from '../../api/views.ts';
import {
  attentionKey,
  formatTime,
  nextAfter,
  type AttentionContext,
  type RuleResult,
} from './attention-context.ts';

/**
 * `handoff_overdue`: a pending handoff past its own deadline, or older than
 * `thresholds.handoff_overdue_ms` when it has none. Recommends declining (with a reason) so the
 * sender can reassign the work; accepting on the recipient's behalf is the other option.
 *
 * @example
 * handoffAttention(view, ctx).next_ms; // when it will become overdue, if it is not yet
 */
export function handoffAttention(handoff: HandoffView, ctx: AttentionContext): RuleResult {
  if (handoff.state !== 'pending') return { items: [] };
  const overdueAt =
    handoff.deadline_ms ?? handoff.created_at_ms + ctx.thresholds.handoff_overdue_ms;
  if (overdueAt > ctx.now) {
    const next = nextAfter(ctx.now, overdueAt);
    return next === undefined ? { items: [] } : { items: [], next_ms: next };
  }
  return {
    items: [
      {
        key: attentionKey('handoff_overdue', 'handoff', handoff.key),
        kind: 'handoff_overdue',
        severity: 'warning',
        title: `Handoff ${handoff.id} from ${handoff.from} to ${handoff.to} is ${handoff.deadline_ms !== undefined ? 'past its deadline' : 'waiting too long'}`,
        since_ms: overdueAt,
        subject: { entity: 'handoff', key: handoff.key },
        evidence: [
          { label: 'from → to', value: `${handoff.from} → ${handoff.to}` },
          { label: 'created at', value: formatTime(handoff.created_at_ms) },
          ...(handoff.deadline_ms !== undefined
            ? [{ label: 'deadline', value: formatTime(handoff.deadline_ms) }]
            : []),
          ...(handoff.artifact ? [{ label: 'artifact', value: handoff.artifact }] : []),
          { label: 'message', value: handoff.message },
        ],
        action: {
          request: 'declineHandoff',
          label: `Decline handoff ${handoff.id}`,
          input: { id: handoff.id },
          needs_reason: true,
        },
        advice: `${handoff.to} has not picked this up. Decline it (with a reason) so ${handoff.from} can reassign it, or accept it on ${handoff.to}'s behalf.`,
      },
    ],
  };
}
