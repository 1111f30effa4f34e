// The demo fleet: simulated agents (one OS process each) working a coordination directory
// through core's public API, so a new user sees a living fleet in the monitor within seconds.
export { startDemo, type DemoHandle, type DemoSummary } from './start-demo.ts';
export {
  parseDuration,
  resolveDemoOptions,
  DEFAULT_DEMO_AGENTS,
  MAX_DEMO_AGENTS,
  MIN_DEMO_SPEED,
  MAX_DEMO_SPEED,
  type DemoOptions,
  type ResolvedDemoOptions,
} from './demo-options.ts';
export { demoThresholds, scaledTiming, BASE_TIMING } from './demo-timing.ts';
export { formatEventLine, type DemoEvent, type DemoEventKind } from './demo-events.ts';
export { DEMO_DIRECTORY_NAME } from './demo-directory.ts';
export { ABSENT_REVIEWER, BARRIER_NAME, ROOMS } from './demo-rooms.ts';
export { LEGACY_LOCK_RESOURCE } from './roles/buggy-legacy-writer.ts';
export { fleetRoster, type AgentRole, type SlotPlan } from './fleet-plan.ts';
