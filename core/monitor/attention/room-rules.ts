import type { AttentionItem, RoomView } from '../../api/views.ts';
import {
  attentionKey,
  formatTime,
  nextAfter,
  type AttentionContext,
  type RuleResult,
} from './attention-context.ts';

/**
 * `request_unanswered`: one item per `request` message of a room that has had no reply for
 * `thresholds.request_unanswered_ms`. Recommends an operator reply addressed to the asker: an
 * `ack` with `reply_to` = the request's id (docs/format.md "Reply"; what takes a request off
 * awaiting reply is a message carrying its id in `reply_to`). The input has no `body`: only the
 * operator can say what to answer, so the UI asks for it in its reply dialog.
 *
 * @example
 * roomAttention(view, ctx).items.length; // number of overdue requests
 */
export function roomAttention(room: RoomView, ctx: AttentionContext): RuleResult {
  const items: AttentionItem[] = [];
  const threshold = ctx.thresholds.request_unanswered_ms;
  let next: number | undefined;
  for (const request of room.pending_requests) {
    const dueAt = request.ts_ms + threshold;
    if (dueAt > ctx.now) {
      next = nextAfter(ctx.now, next, dueAt);
      continue;
    }
    items.push({
      key: attentionKey('request_unanswered', 'room', room.key, request.id),
      kind: 'request_unanswered',
      severity: 'info',
      title: `Request from ${request.from} in ${room.key} has no reply`,
      since_ms: dueAt,
      subject: { entity: 'room', key: room.key },
      evidence: [
        { label: 'subject', value: request.subject },
        { label: 'from', value: request.from },
        ...(request.to ? [{ label: 'to', value: request.to }] : []),
        { label: 'asked at', value: formatTime(request.ts_ms) },
        { label: 'message id', value: request.id },
      ],
      action: {
        request: 'postMessage',
        // The UI appends "…" to a label that opens a dialog ("Reply to bob…").
        label: `Reply to ${request.from}`,
        input: { room: room.key, to: request.from, reply_to: request.id, kind: 'ack' },
        needs_reason: false,
      },
    });
  }
  return next === undefined ? { items } : { items, next_ms: next };
}
