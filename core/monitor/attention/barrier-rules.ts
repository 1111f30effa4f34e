import type { AttentionItem, BarrierView } from '../../api/views.ts';
import {
  attentionKey,
  formatDuration,
  formatTime,
  nextAfter,
  type AttentionContext,
  type RuleResult,
} from './attention-context.ts';

/**
 * `barrier_stuck`: a barrier that is not complete and is not making progress.
 *
 * When someone declared whom the barrier expects (`barriers/<name>/expected/`), the item names
 * exactly the expected agents that have not arrived and is a warning, raised as soon as one of
 * them is crashed or gone (it will never arrive), or once `thresholds.barrier_stuck_ms` passed
 * without an arrival (counted from the last arrival, or from the first declaration while nobody
 * has arrived).
 *
 * Without a declaration nobody recorded whom the waiters wait for, so the rule guesses: once
 * the threshold passed after the last arrival, the active agents that have not arrived are
 * named in an info item; it stays quiet once every active agent has arrived.
 *
 * @example
 * barrierAttention(view, ctx).items[0]?.evidence; // expected, missing, arrived, …
 */
export function barrierAttention(barrier: BarrierView, ctx: AttentionContext): RuleResult {
  if (barrier.complete) return { items: [] };
  const declared = barrier.expected !== undefined || barrier.expected_count !== undefined;
  return declared ? declaredStuck(barrier, ctx) : guessedStuck(barrier, ctx);
}

function declaredStuck(barrier: BarrierView, ctx: AttentionContext): RuleResult {
  const last = lastArrival(barrier);
  const progressAt = last ?? barrier.declared_at_ms ?? ctx.now;
  const dueAt = progressAt + ctx.thresholds.barrier_stuck_ms;
  const named = barrier.expected ?? [];
  const total = Math.max(barrier.expected_count ?? 0, named.length);
  // Arrivals still needed beyond the named agents (a declared count covers others too).
  const unnamed = Math.max(0, total - barrier.arrived.length - barrier.missing.length);
  if (barrier.missing.length === 0 && unnamed === 0) return { items: [] };
  const lost = barrier.missing.filter((id) => {
    const liveness = ctx.agent(id)?.liveness;
    return liveness === 'crashed' || liveness === 'gone';
  });
  if (lost.length === 0 && dueAt > ctx.now) {
    const next = nextAfter(ctx.now, dueAt);
    return next === undefined ? { items: [] } : { items: [], next_ms: next };
  }
  // Stuck since the threshold passed, or since a missing agent was lost if that came first.
  const since = lost.length > 0 ? Math.max(progressAt, lostSince(lost, ctx)) : dueAt;
  const waitingFor = [...barrier.missing, ...(unnamed > 0 ? [`${unnamed} more`] : [])];
  const evidence: AttentionItem['evidence'] = [
    {
      label: 'expected',
      value:
        named.length > 0
          ? `${named.join(', ')}${total > named.length ? ` (${total} arrivals in all)` : ''}`
          : `${total} arrivals`,
    },
    {
      label: 'missing',
      value: [
        ...barrier.missing.map((id) => `${id} (${ctx.agent(id)?.liveness ?? 'unknown'})`),
        ...(unnamed > 0 ? [`${unnamed} more, not named`] : []),
      ].join(', '),
    },
    { label: 'arrived', value: arrivedAgents(barrier) },
  ];
  if (named.length === 0) {
    const guess = activeNotArrived(barrier, ctx);
    if (guess.length > 0)
      evidence.push({ label: 'active agents not arrived', value: guess.join(', ') });
  }
  if (barrier.declared_by && barrier.declared_at_ms !== undefined) {
    evidence.push({
      label: 'declared by',
      value: `${barrier.declared_by.join(', ')} (first at ${formatTime(barrier.declared_at_ms)})`,
    });
  }
  if (last !== undefined) evidence.push({ label: 'last arrival', value: formatTime(last) });
  evidence.push({
    label: 'stuck after',
    value: `${formatDuration(ctx.thresholds.barrier_stuck_ms)} without an arrival`,
  });
  return {
    items: [
      {
        key: attentionKey('barrier_stuck', 'barrier', barrier.key),
        kind: 'barrier_stuck',
        severity: 'warning',
        title: `Barrier ${barrier.name}: ${total - barrier.missing.length - unnamed} of ${total} arrived, waiting for ${waitingFor.join(', ')}`,
        since_ms: Math.min(since, dueAt, ctx.now),
        subject: { entity: 'barrier', key: barrier.key },
        evidence,
        advice:
          lost.length > 0
            ? `${lost.join(', ')} ${lost.length === 1 ? 'is' : 'are'} not running and will never arrive: restart ${lost.length === 1 ? 'it' : 'them'}, or tell ${waiters(barrier)} to stop waiting.`
            : `Waiting for ${waitingFor.join(', ')}. Check on ${barrier.missing.length === 1 ? 'that agent' : 'them'}, or tell ${waiters(barrier)} to stop waiting.`,
      },
    ],
  };
}

function guessedStuck(barrier: BarrierView, ctx: AttentionContext): RuleResult {
  const last = lastArrival(barrier);
  if (last === undefined) return { items: [] };
  const first = barrier.first_arrival_ms ?? last;
  const dueAt = last + ctx.thresholds.barrier_stuck_ms;
  if (dueAt > ctx.now) {
    const next = nextAfter(ctx.now, dueAt);
    return next === undefined ? { items: [] } : { items: [], next_ms: next };
  }
  const missing = activeNotArrived(barrier, ctx);
  if (missing.length === 0) return { items: [] };
  return {
    items: [
      {
        key: attentionKey('barrier_stuck', 'barrier', barrier.key),
        kind: 'barrier_stuck',
        severity: 'info',
        // No instant in a title (notifications and lists show it as it is): the last arrival's
        // time is in the evidence, and the UI counts the age from since_ms.
        title: `Barrier ${barrier.name}: ${barrier.arrived.length} arrived, then none within ${formatDuration(ctx.thresholds.barrier_stuck_ms)}`,
        since_ms: dueAt,
        subject: { entity: 'barrier', key: barrier.key },
        evidence: [
          { label: 'arrived', value: arrivedAgents(barrier) },
          {
            label: 'active agents not arrived',
            value: missing
              .map((id) => `${id} (${ctx.agent(id)?.liveness ?? 'unknown'})`)
              .join(', '),
          },
          { label: 'first arrival', value: formatTime(first) },
          { label: 'last arrival', value: formatTime(last) },
        ],
        advice: `Nobody recorded whom this barrier expects, and ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} not arrived. If the waiters expect them, check on them; a crashed agent never arrives. Waiters that declare their list (baton barrier wait --agents, or barrier expect) let this name exactly who is missing.`,
      },
    ],
  };
}

function lastArrival(barrier: BarrierView): number | undefined {
  return barrier.arrived.length > 0
    ? Math.max(...barrier.arrived.map((a) => a.arrived_at_ms))
    : undefined;
}

function arrivedAgents(barrier: BarrierView): string {
  return barrier.arrived.map((a) => a.agent).join(', ') || 'nobody yet';
}

function activeNotArrived(barrier: BarrierView, ctx: AttentionContext): string[] {
  const arrived = new Set(barrier.arrived.map((a) => a.agent));
  return ctx.activeAgents().filter((id) => !arrived.has(id));
}

/** When the earliest of these crashed or departed agents stopped (as far as their views say). */
function lostSince(lost: readonly string[], ctx: AttentionContext): number {
  let earliest = ctx.now;
  for (const id of lost) {
    const agent = ctx.agent(id);
    if (agent?.last_seen_ms === undefined) continue;
    const at =
      agent.timeout_ms !== undefined ? agent.last_seen_ms + agent.timeout_ms : agent.last_seen_ms;
    earliest = Math.min(earliest, at);
  }
  return earliest;
}

function waiters(barrier: BarrierView): string {
  return barrier.declared_by?.join(', ') ?? 'the waiters';
}
