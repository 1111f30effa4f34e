import type { LeaseView } from '../../../core/api/views.ts';
import { useSecondsUntil } from '../app-context.tsx';
import { leaseDisplay } from '../state/display-state.ts';
import { StatusPill } from './status-pill.tsx';

/**
 * The lease's state pill, live: it re-renders when the whole seconds left change, and turns
 * "stale" the instant the countdown passes zero (not when the engine next says so).
 */
export function LeaseStatePill({ lease }: { lease: LeaseView }) {
  const expires = lease.record?.expires_at_ms;
  const seconds = useSecondsUntil(expires);
  // Evaluate the state at the instant the displayed countdown stands for.
  const at = expires !== undefined && seconds !== undefined ? expires - seconds * 1000 : 0;
  const title =
    lease.problem ??
    (lease.state === 'suspect-skew'
      ? 'updated_at_ms is in the future: the writer’s clock may be ahead'
      : undefined);
  return <StatusPill state={leaseDisplay(lease, at)} title={title} />;
}
