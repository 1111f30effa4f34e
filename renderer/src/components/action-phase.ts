import type { ActionResult } from '../../../core/api/contract.ts';
import type { MonitorState } from '../state/monitor-store.ts';

/** Where the action dialog is: confirming, waiting for the reply, or showing the outcome. */
export type Phase =
  | { at: 'confirm' }
  /** `generation`: the connection the request left on; a new one means the reply may be lost. */
  | { at: 'running'; generation: number }
  | { at: 'done'; result: ActionResult }
  | { at: 'failed'; message: string };

/** The carrier's words for a request whose reply was lost, as docs/operator-guide.md promises. */
export const OUTCOME_UNKNOWN =
  'The link to the monitor dropped while this ran, so the outcome is unknown: check the audit (or the record) before you try again.';

/**
 * Why an action cannot be confirmed right now, in one line, or undefined when it can. A request
 * sent without a live link would wait for one (the screen meanwhile shows the last known state),
 * so the dialog refuses it up front instead of hanging on "Working…".
 */
export function confirmBlockedReason(
  s: Pick<MonitorState, 'connection' | 'synced' | 'status'>,
): string | undefined {
  if (s.connection.state !== 'open')
    return 'Not connected to the monitor: you can confirm once the link is back.';
  if (!s.synced) return 'Catching up with the monitor: you can confirm once the screen is current.';
  if (s.status?.state === 'unavailable')
    return 'The monitor cannot read the coordination directory: actions are refused until it can.';
  return undefined;
}

/**
 * The phase once the connection is `connection`: a request in flight whose link dropped (or was
 * replaced by a new one) may or may not have run, and its reply will not come on this link.
 */
export function phaseOnConnection(phase: Phase, connection: MonitorState['connection']): Phase {
  if (phase.at !== 'running') return phase;
  if (connection.state === 'open' && connection.generation === phase.generation) return phase;
  return { at: 'failed', message: OUTCOME_UNKNOWN };
}
