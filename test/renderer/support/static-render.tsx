import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Snapshot } from '../../../core/api/views.ts';
import { createClient } from '../../../core/api/client.ts';
import { AppContext, type AppServices } from '../../../renderer/src/app-context.tsx';
import {
  createMonitorStore,
  type MonitorState,
} from '../../../renderer/src/state/monitor-store.ts';
import { createTicker } from '../../../renderer/src/state/ticker.ts';
import { createUiStore } from '../../../renderer/src/state/ui-store.ts';
import type { ViewId } from '../../../renderer/src/state/selectors.ts';
import { fakeCarrier } from './fake-carrier.ts';
import { T0 } from './fixtures.ts';

/**
 * The app's services for rendering components to HTML in a test (no DOM): the stores hold
 * `snapshot` (applied at T0) and `connection`, the clock reads T0. Server rendering reads a
 * store's initial state (useSyncExternalStore's server snapshot), so each store serves its
 * current one, as a browser's first render after the snapshot would see.
 */
export function staticServices(
  options: {
    snapshot?: Snapshot;
    connection?: MonitorState['connection'];
    view?: ViewId;
  } = {},
): AppServices {
  const monitor = createMonitorStore();
  if (options.snapshot) monitor.getState().applySnapshot(options.snapshot, T0);
  if (options.connection) monitor.getState().setConnection(options.connection);
  const ui = createUiStore({ theme: 'light', ...(options.view ? { view: options.view } : {}) });
  monitor.getInitialState = monitor.getState;
  ui.getInitialState = ui.getState;
  return {
    client: createClient(fakeCarrier()),
    monitor,
    ticker: createTicker({ localNow: () => T0 }),
    ui,
  };
}

/** `element` rendered to HTML inside the app's context. */
export function renderStatic(services: AppServices, element: ReactElement): string {
  return renderToStaticMarkup(
    <AppContext.Provider value={services}>{element}</AppContext.Provider>,
  );
}
