import { useMonitor, useMonitorShallow, useServices, useUi } from '../app-context.tsx';
import { formatClock, formatOffset } from '../format/duration.ts';
import { isOffsetNotable } from '../state/clock.ts';
import { connectionDisplay, disconnectedMessage } from '../state/display-state.ts';
import { isDataStale } from '../state/monitor-store.ts';
import { PathText } from './path-text.tsx';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Where we are (the directory), whether what we see is live, the palette and the theme. */
export function TopBar() {
  const { ui } = useServices();
  const dir = useMonitor((s) => s.info?.dir ?? s.status?.dir);
  const recent = useMonitorShallow((s) => s.info?.recent_dirs ?? []);
  const theme = useUi((s) => s.theme);
  return (
    <header className="topbar">
      <div className="brand" aria-hidden="true">
        Baton
      </div>
      <div
        className="topbar-dir"
        title={recent.length > 1 ? `Recent: ${recent.join(', ')}` : undefined}
      >
        <span className="dim">Watching</span>{' '}
        {dir ? (
          <PathText path={dir} widthPx={380} className="dir-path" />
        ) : (
          <span className="dim">…</span>
        )}
      </div>
      <ConnectionStatus />
      <div className="topbar-spacer" />
      <button
        type="button"
        className="palette-button"
        onClick={() => ui.getState().setPaletteOpen(true)}
        aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
      >
        <span>Jump to…</span>
        <kbd>{isMac ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
      <button
        type="button"
        className="theme-button"
        onClick={() => ui.getState().setTheme(theme === 'dark' ? 'light' : 'dark')}
        aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        title={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
      >
        {theme === 'dark' ? 'Light' : 'Dark'}
      </button>
    </header>
  );
}

function ConnectionStatus() {
  const connection = useMonitor((s) => s.connection);
  const stale = useMonitor((s) => isDataStale(s));
  const engine = useMonitor((s) => s.status?.state);
  const watching = useMonitor((s) => s.status?.watching);
  const offset = useMonitor((s) => s.clock.offset_ms);
  const samples = useMonitor((s) => s.clock.samples);
  const indexing = useMonitorShallow((s) => s.status?.indexing);
  const carrier = useServices().client.carrier;

  const { word, tone } = connectionDisplay(connection, stale, engine);
  const how = carrier === 'ipc' ? 'IPC' : 'WebSocket';
  const title = [
    `Connection: ${word} (${how})`,
    watching ? `Watching by ${watching === 'events' ? 'file events' : 'polling'}` : '',
    samples > 0 ? `Server clock offset ${formatOffset(offset)} (countdowns use server time)` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <div className="topbar-status" title={title}>
      <span className={`pill tone-${tone}`} data-testid="connection-state" data-state={word}>
        <span className="pill-dot" aria-hidden="true" />
        {word}
      </span>
      {samples > 0 ? (
        <span
          className={isOffsetNotable(offset) ? 'clock tone-text-warn' : 'clock dim'}
          data-testid="clock-offset"
        >
          clock {formatOffset(offset)}
        </span>
      ) : null}
      {indexing && !indexing.complete ? (
        <span className="dim">
          indexing{' '}
          {indexing.total_bytes > 0
            ? Math.floor((indexing.done_bytes / indexing.total_bytes) * 100)
            : 0}
          %
        </span>
      ) : null}
    </div>
  );
}

/** The history banner's words: what is off, why, and that the current state is still live. */
export function historyProblemMessage(problem: string): string {
  const reason = problem.replace(/[.\s]+$/, '');
  return (
    `History and search are unavailable: ${reason}. Room messages, the timeline and the audit ` +
    'log cannot be shown; the current state (leases, agents, rooms, runs, handoffs) is still live.'
  );
}

/**
 * The plain banner for a failure: names the cause, says the screen shows the last known state.
 * Without a failure, a calm warning when the history index is not working (history and search
 * are off, the current state is still live).
 */
export function FailureBanner() {
  const connection = useMonitor((s) => s.connection);
  const status = useMonitorShallow((s) => s.status);
  const historyProblem = status?.history_problem;
  const lastUpdate = useMonitor((s) => s.last_update_ms);
  const synced = useMonitor((s) => s.synced);
  const since = lastUpdate
    ? ` Showing the last known state, from ${formatClock(lastUpdate)}: it may be out of date.`
    : '';
  let message: string | undefined;
  if (connection.state === 'closed') {
    message = `${disconnectedMessage(connection)}${since}`;
  } else if (status?.state === 'unavailable') {
    message = `The monitor cannot read the coordination directory: ${status.message ?? 'unknown cause'}.${since}`;
  } else if (connection.state === 'open' && !synced && lastUpdate) {
    message = `Catching up with the monitor (missed updates).${since}`;
  }
  if (!message) {
    if (!historyProblem) return null;
    return (
      <div className="banner warn" role="status" data-testid="history-banner">
        {historyProblemMessage(historyProblem)}
      </div>
    );
  }
  return (
    <div
      className={`banner${connection.state === 'open' && status?.state !== 'unavailable' ? ' info' : ''}`}
      role="alert"
      data-testid="failure-banner"
      data-cause={
        connection.state === 'closed' && connection.unauthorized ? 'unauthorized' : undefined
      }
    >
      {message}
    </div>
  );
}
