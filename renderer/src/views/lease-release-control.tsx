import type { LeaseView, RunView } from '../../../core/api/views.ts';
import { releaseVerb } from '../state/lease-release.ts';

/**
 * The Leases detail's release control. An orphaned run's own lease gets no Release…: the next
 * worker that starts the run takes it over, and the run's attention item says so; a release
 * button here would contradict that advice (and the engine raises no release item for it).
 */
export function LeaseReleaseControl({
  lease,
  force,
  orphanRun,
  onRelease,
}: {
  lease: LeaseView;
  force: boolean;
  orphanRun: RunView | undefined;
  onRelease(): void;
}) {
  if (orphanRun) {
    return (
      <span className="dim small" data-testid="orphan-run-lease">
        Run {orphanRun.run_id} is orphaned: the next worker that starts it takes this lease over
        (see the run&apos;s attention item).
      </span>
    );
  }
  return (
    <button
      type="button"
      className="primary"
      title={
        !force
          ? 'Release this stale lease'
          : lease.record
            ? 'Not stale: take it from its holder (a reason is required)'
            : 'No usable owner record: remove the lock directory (a reason is required)'
      }
      onClick={onRelease}
    >
      {releaseVerb(force)}…
    </button>
  );
}
