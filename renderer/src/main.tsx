import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles/app.css';
import { App } from './app.tsx';
import { AppContext, type AppServices } from './app-context.tsx';
import { connectFromPage } from './client/connect.ts';
import { createMonitorStore } from './state/monitor-store.ts';
import { startSync } from './state/sync.ts';
import { createTicker } from './state/ticker.ts';
import { createUiStore, isViewId } from './state/ui-store.ts';
import { applyTheme, initialTheme } from './theme.ts';

const theme = initialTheme();
applyTheme(theme);
const hashView = location.hash.slice(1);

const services: AppServices = {
  client: connectFromPage(window),
  monitor: createMonitorStore(),
  ticker: createTicker(),
  ui: createUiStore({ theme, ...(isViewId(hashView) ? { view: hashView } : {}) }),
};
services.ticker.start();
startSync(services.client, services.monitor, { ticker: services.ticker });

// For the end-to-end tests and the latency benchmark: read-only handles, no behaviour depends on them.
Object.defineProperty(window, '__baton', {
  value: { monitor: services.monitor, ui: services.ui },
  enumerable: false,
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppContext.Provider value={services}>
      <App />
    </AppContext.Provider>
  </StrictMode>,
);
