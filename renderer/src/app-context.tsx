import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { BatonClient } from '../../core/api/client.ts';
import type { MonitorActions, MonitorState, MonitorStore } from './state/monitor-store.ts';
import type { Ticker, TickerState } from './state/ticker.ts';
import type { UiActions, UiState, UiStore } from './state/ui-store.ts';

/** Everything a component may reach: the client (any carrier), the model, the ticker, UI state. */
export type AppServices = {
  client: BatonClient;
  monitor: MonitorStore;
  ticker: Ticker;
  ui: UiStore;
};

export const AppContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('AppContext is missing');
  return services;
}

export function useMonitor<U>(selector: (s: MonitorState & MonitorActions) => U): U {
  return useStore(useServices().monitor, selector);
}

/** For selectors returning a fresh object or array: re-render only when a member changes. */
export function useMonitorShallow<U>(selector: (s: MonitorState & MonitorActions) => U): U {
  return useStore(useServices().monitor, useShallow(selector));
}

export function useUi<U>(selector: (s: UiState & UiActions) => U): U {
  return useStore(useServices().ui, selector);
}

export function useUiShallow<U>(selector: (s: UiState & UiActions) => U): U {
  return useStore(useServices().ui, useShallow(selector));
}

function useTicker<U>(selector: (s: TickerState) => U): U {
  return useStore(useServices().ticker.store, selector);
}

/** Server-time now, quantised so the caller re-renders once per `resolutionMs` at most. */
export function useNow(resolutionMs = 1000): number {
  return useTicker((s) => Math.floor(s.now / resolutionMs) * resolutionMs);
}

/**
 * Whole seconds until `targetMs`, rounded up: a cell re-renders once a second, and the value
 * reaches 0 at the instant of the target (within one 250 ms tick), which is when it turns stale.
 */
export function useSecondsUntil(targetMs: number | undefined): number | undefined {
  return useTicker((s) =>
    targetMs === undefined ? undefined : Math.ceil((targetMs - s.now) / 1000),
  );
}

/** Whole seconds since `sinceMs`. */
export function useSecondsSince(sinceMs: number | undefined): number | undefined {
  return useTicker((s) =>
    sinceMs === undefined ? undefined : Math.floor((s.now - sinceMs) / 1000),
  );
}
