import type { BarrierView } from '../../api/views.ts';
import {
  attentionKey,
  formatTime,
  nextAfter,
  relative,
  type AttentionContext,
  type RuleResult,
} from './attention-context.ts';

/**
 * `barrier_stuck`: some agents reached a barrier but it is still incomplete
 * `thresholds.barrier_stuck_ms` after the LAST arrival (no progress for that long). When the
 * barrier records whom it expects, incomplete means some of them are missing; the format keeps
 * no expected list (only waiters know it), so otherwise the rule counts as missing the active
 * agents that have not arrived, and stays quiet once every active agent has.
 *
 * @example
 * barrierAttention(view, ctx).items[0]?.evidence; // arrived, missing, …
 */
export function barrierAttention(barrier: BarrierView, ctx: AttentionContext): RuleResult {
  if (barrier.complete || barrier.arrived.length === 0) return { items: [] };
  const last = Math.max(...barrier.arrived.map((a) => a.arrived_at_ms));
  const first = barrier.first_arrival_ms ?? last;
  const dueAt = last + ctx.thresholds.barrier_stuck_ms;
  if (dueAt > ctx.now) {
    const next = nextAfter(ctx.now, dueAt);
    return next === undefined ? { items: [] } : { items: [], next_ms: next };
  }
  const arrived = new Set(barrier.arrived.map((a) => a.agent));
  const inferred = barrier.expected === undefined;
  const missing = inferred ? ctx.activeAgents().filter((id) => !arrived.has(id)) : barrier.missing;
  if (missing.length === 0) return { items: [] };
  const described = missing.map((id) => `${id} (${ctx.agent(id)?.liveness ?? 'unknown'})`);
  return {
    items: [
      {
        key: attentionKey('barrier_stuck', 'barrier', barrier.key),
        kind: 'barrier_stuck',
        severity: inferred ? 'info' : 'warning',
        title: `Barrier ${barrier.name}: ${barrier.arrived.length} arrived, no progress for ${relative(ctx.now, last).replace(' ago', '')}`,
        since_ms: dueAt,
        subject: { entity: 'barrier', key: barrier.key },
        evidence: [
          { label: 'arrived', value: barrier.arrived.map((a) => a.agent).join(', ') },
          {
            label: inferred ? 'active agents not arrived' : 'missing',
            value: described.join(', '),
          },
          { label: 'first arrival', value: `${relative(ctx.now, first)} (${formatTime(first)})` },
          { label: 'last arrival', value: `${relative(ctx.now, last)} (${formatTime(last)})` },
        ],
        advice: inferred
          ? `Nobody has arrived for a while and ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} not. If the waiters expect them, check on them; a crashed agent never arrives.`
          : `Waiting for ${missing.join(', ')}. A crashed or gone agent will never arrive: restart it or tell the waiters to stop waiting.`,
      },
    ],
  };
}
