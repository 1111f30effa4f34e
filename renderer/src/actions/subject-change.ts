import type {
  AgentView,
  HandoffView,
  LeaseView,
  RoomView,
  UnsettledView,
} from '../../../core/api/views.ts';
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

/**
 * A partial handoff changed materially once it is no longer among its pipeline's partial
 * handoffs (someone acknowledged it, or it was delivered), or the pipeline is no longer unsettled.
 */
export function partialHandoffChange(
  current: UnsettledView | undefined,
  envelopeId: string,
): string | undefined {
  if (!current) return 'the pipeline is no longer unsettled';
  if (current.partial_handoffs.some((p) => p.envelope_id === envelopeId)) return undefined;
  return `${envelopeId} is no longer a partial handoff (acknowledged or delivered)`;
}

/**
 * A request awaiting a reply changed materially once it no longer awaits one (someone replied),
 * or its room is gone. A request not listed to begin with is left alone: the plan then has
 * nothing to compare with, and the engine still records whatever is posted.
 */
export function pendingRequestChange(
  current: RoomView | undefined,
  requestId: string,
): string | undefined {
  if (!current) return 'the room no longer exists';
  if (current.pending_requests.some((r) => r.id === requestId)) return undefined;
  return 'the request was answered meanwhile';
}
