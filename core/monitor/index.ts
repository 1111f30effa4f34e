// The monitor engine: watcher -> fleet model (+ history index) -> attention -> deltas -> actions.
export { createMonitor, type Monitor, type MonitorOptions } from './create-monitor.ts';
export { createInProcessClient, type InProcessClientOptions } from './in-process-client.ts';
export { DEFAULT_THRESHOLDS, resolveThresholds, type Thresholds } from './attention/thresholds.ts';
export { OPERATOR_ROOM } from './actions/operator-room.ts';
export { operatorIdentity } from './actions/operator-identity.ts';
export { classifyPath, isIgnoredPath, type PathClass } from './classify-path.ts';
export type { WatchMode } from './watcher.ts';
