import type { AgentView, HandoffView, LeaseView } from '../../../core/api/views.ts';
import { leaseDisplay } from '../state/display-state.ts';
import { leaseHolder } from '../state/selectors.ts';

/**
 * Whether an action's subject changed, since its dialog opened, in a way that makes the confirmed
 * action a different one, said in words for the dialog ("now held by dave (active)"); undefined
 * when it did not. Pure, so the rules are tested without a DOM. The engine's compare-and-swap
 * still guards the action itself: this only keeps the operator from confirming what they did not
 * see.
 */

/**
 * A lease changed materially when its lock is gone, its token or holder changed (it changed
 * hands), or its expiry moved (it was renewed). The countdown running out is not a change: the
 * operator saw it coming, and releasing a lease that just went stale is what they asked for.
 */
export function leaseChange(
  planned: LeaseView,
  current: LeaseView | undefined,
  nowMs: number,
): string | undefined {
  if (!current) return 'the lease was released (its lock is gone)';
  const word = leaseDisplay(current, nowMs).word;
  const holder = leaseHolder(current) || 'no one on record';
  if (
    current.record?.token !== planned.record?.token ||
    leaseHolder(current) !== leaseHolder(planned)
  )
    return `now held by ${holder} (${word})`;
  if (current.record?.expires_at_ms !== planned.record?.expires_at_ms)
    return `renewed by ${holder} (${word})`;
  // The engine catching up with an expiry the countdown already showed is not news.
  if (current.state !== planned.state && current.state !== 'stale') return `now ${word}`;
  return undefined;
}

/** A handoff changed materially once it is no longer pending (or no longer there). */
export function handoffChange(current: HandoffView | undefined): string | undefined {
  if (!current) return 'the handoff no longer exists';
  if (current.state === 'pending') return undefined;
  const by = current.decision ? ` by ${current.decision.by}` : '';
  return `already ${current.state}${by}`;
}

/** An agent changed materially when it is gone, was marked gone, or sent a heartbeat since. */
export function agentChange(
  planned: AgentView,
  current: AgentView | undefined,
): string | undefined {
  if (!current) return 'the agent record no longer exists';
  if (current.liveness === 'gone') return 'already marked gone';
  if (current.last_seen_ms !== planned.last_seen_ms)
    return `it sent a heartbeat since (now ${current.liveness})`;
  return undefined;
}
