import type { HandoffView } from '../../../core/api/views.ts';
import { useSecondsUntil } from '../app-context.tsx';
import { formatDuration, formatTimestamp } from '../format/duration.ts';

/**
 * A handoff's deadline in words. Pending: live, "due in 4m 10s" / "overdue by 2m 31s" (not
 * Countdown's "… ago", which would read "overdue by 2m 31s ago"). Decided: the deadline no longer
 * runs, so it is a time and whether the decision beat it, never a countdown.
 */
export function HandoffDeadline({ handoff }: { handoff: HandoffView }) {
  const deadline = handoff.deadline_ms;
  if (deadline === undefined) return <span className="dim">none</span>;
  if (handoff.state !== 'pending')
    return <DecidedDeadline handoff={handoff} deadlineMs={deadline} />;
  return <PendingDeadline deadlineMs={deadline} />;
}

function DecidedDeadline({ handoff, deadlineMs }: { handoff: HandoffView; deadlineMs: number }) {
  const decidedAt = handoff.decision?.at_ms;
  return (
    <>
      {formatTimestamp(deadlineMs)}
      {decidedAt !== undefined ? (
        <span className="dim">
          {' '}
          · decided {decidedAt <= deadlineMs ? 'before' : 'after'} its deadline
        </span>
      ) : null}
    </>
  );
}

function PendingDeadline({ deadlineMs }: { deadlineMs: number }) {
  const seconds = useSecondsUntil(deadlineMs) ?? 0;
  return (
    <time
      className={seconds <= 0 ? 'countdown past' : 'countdown'}
      dateTime={new Date(deadlineMs).toISOString()}
      title={formatTimestamp(deadlineMs)}
    >
      {deadlineText(seconds)}
    </time>
  );
}

/** Whole seconds until the deadline (rounded up, as the ticker gives them) in words. */
export function deadlineText(secondsUntil: number): string {
  return secondsUntil > 0
    ? `due in ${formatDuration(secondsUntil * 1000)}`
    : `overdue by ${formatDuration(-secondsUntil * 1000)}`;
}
