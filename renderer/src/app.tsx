import { useEffect, type ReactNode } from 'react';
import { ActionDialog } from './components/action-dialog.tsx';
import { BulkReleaseDialog } from './components/bulk-release-dialog.tsx';
import { CommandPalette } from './components/command-palette.tsx';
import { Rail } from './components/rail.tsx';
import { FailureBanner, TopBar } from './components/top-bar.tsx';
import { useMonitor, useServices, useUi } from './app-context.tsx';
import { disconnectedMessage } from './state/display-state.ts';
import { isDataStale } from './state/monitor-store.ts';
import type { ViewId } from './state/selectors.ts';
import { applyTheme } from './theme.ts';
import { AgentsView } from './views/agents-view.tsx';
import { AttentionView } from './views/attention-view.tsx';
import { AuditView } from './views/audit-view.tsx';
import { HandoffsView } from './views/handoffs-view.tsx';
import { LeasesView } from './views/leases-view.tsx';
import { RoomsView } from './views/rooms-view.tsx';
import { RunsView } from './views/runs-view.tsx';
import { TimelineView } from './views/timeline-view.tsx';
import { UnsettledView } from './views/unsettled-view.tsx';

const VIEW_COMPONENTS: Record<ViewId, () => ReactNode> = {
  attention: AttentionView,
  leases: LeasesView,
  agents: AgentsView,
  rooms: RoomsView,
  runs: RunsView,
  handoffs: HandoffsView,
  unsettled: UnsettledView,
  timeline: TimelineView,
  audit: AuditView,
};

export function App() {
  const { ui } = useServices();
  const view = useUi((s) => s.view);
  const theme = useUi((s) => s.theme);
  const stale = useMonitor((s) => isDataStale(s) && s.last_update_ms !== undefined);
  const loaded = useMonitor((s) => s.seq !== undefined);

  useEffect(() => applyTheme(theme), [theme]);

  useEffect(() => {
    // Ctrl/Cmd+K from anywhere, even inside an input: the palette is the way to move.
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        ui.getState().setPaletteOpen(!ui.getState().paletteOpen);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ui]);

  useEffect(() => {
    // The view is in the address (#leases), so a reload or a shared link lands in the same place.
    if (location.hash.slice(1) !== view) history.replaceState(history.state, '', `#${view}`);
  }, [view]);

  const View = VIEW_COMPONENTS[view];
  return (
    <div className="app">
      <TopBar />
      <FailureBanner />
      <Rail />
      <main className={`main${stale ? ' stale-data' : ''}`} data-stale={stale} aria-busy={!loaded}>
        {loaded ? <View /> : <Loading />}
      </main>
      <ActionDialog />
      <BulkReleaseDialog />
      <CommandPalette />
    </div>
  );
}

function Loading() {
  const connection = useMonitor((s) => s.connection);
  return (
    <div className="loading" role="status">
      {connection.state === 'closed' ? disconnectedMessage(connection) : 'Loading the fleet…'}
    </div>
  );
}
