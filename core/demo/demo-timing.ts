import type { Thresholds } from '../monitor/index.ts';

/**
 * Every interval, TTL and deadline of the demo fleet at speed 1, in ms. They are short on
 * purpose: a new user should see each kind of trouble (stale leases, crashed agents, overdue
 * handoffs…) within a minute, not after the production defaults of 10 to 30 minutes.
 */
export const BASE_TIMING = {
  /** Agents heartbeat this often… */
  heartbeat_every: 4000,
  /** …and count as crashed after this much silence (a SIGKILLed agent reads as crashed at once:
   *  its pid is dead). Generous, so a busy machine does not make live agents look crashed. */
  agent_timeout: 20_000,
  /** Work leases (source files, build outputs, the deploy slot). */
  lease_ttl: 8000,
  /** Held leases and run leases are renewed this often (under a third of the TTL). */
  renew_every: 2500,
  /** A step of a durable run takes this long. */
  step_min: 1200,
  step_max: 3000,
  /** Pause between two runs of one agent. */
  idle_min: 400,
  idle_max: 1500,
  /** Agents read their inbox (answer requests, accept handoffs) this often. */
  inbox_every: 2000,
  /** An agent says something unprompted every so often. */
  chatter_min: 2500,
  chatter_max: 6000,
  /** Handoffs get a deadline this far ahead (the reviewer who never comes misses it). */
  handoff_deadline: 12_000,
  /** An orphaned run is adopted by another agent once its lease expired this long ago. */
  adopt_after: 10_000,
  /** How long agents wait at the integration barrier before calling it a blocker. */
  barrier_wait: 6000,
  /** Barrier rounds: agents meet at most once per window. */
  barrier_window: 45_000,
  /** The deploy slot is held this long. */
  deploy_hold: 3000,
  /** The first hard crash (of one worker) happens in this window after start. */
  first_crash_min: 9000,
  first_crash_max: 13_000,
  /** Later crashes (a third of the agent generations) happen this long after the agent starts. */
  later_crash_min: 35_000,
  later_crash_max: 75_000,
  /** A crashed slot is restarted by the supervisor after this long. */
  restart_after: 18_000,
  /** legacy-bot's lease, which it never renews. */
  legacy_lease_ttl: 4000,
  /** legacy-bot writes its truncated lock record this long after it starts. */
  legacy_corrupt_after: 1000,
  /** pipeline-runner republishes its unsettled work this often… */
  pipeline_every: 4000,
  /** …and hands a partial envelope to the review queue this often. */
  partial_every: 7000,
  /** Partial handoffs older than this may be acknowledged by a tester. */
  partial_ack_after: 6000,
  /** pipeline-runner writes the `fleet` registry snapshot this often. */
  registry_every: 8000,
} as const;

export type TimingName = keyof typeof BASE_TIMING;

/** Nothing is scaled below this: faster timers only burn CPU on a shared machine. */
const MIN_SCALED_MS = 50;

/**
 * The fleet's timings at `speed` (speed 2 halves every interval).
 *
 * @example
 * scaledTiming(10).lease_ttl; // 800
 */
export function scaledTiming(speed: number): Record<TimingName, number> {
  const out = {} as Record<TimingName, number>;
  for (const name of Object.keys(BASE_TIMING) as TimingName[]) {
    out[name] = Math.max(MIN_SCALED_MS, Math.round(BASE_TIMING[name] / speed));
  }
  return out;
}

/**
 * Monitor thresholds that match the demo's pace: with the production defaults (10 to 30
 * minutes) an unanswered request, old unsettled work or a stuck barrier would not show up
 * during a demo. Pass them to `createMonitor({ thresholds })` when it watches a demo directory.
 * Clock skew is not scaled: legacy-bot's clock is minutes ahead whatever the speed.
 *
 * @example
 * createMonitor({ dir: demo.dir, dataDir, thresholds: demoThresholds(1) });
 */
export function demoThresholds(speed: number): Partial<Thresholds> {
  const at = (ms: number): number => Math.max(MIN_SCALED_MS, Math.round(ms / speed));
  return {
    handoff_overdue_ms: at(20_000),
    request_unanswered_ms: at(8000),
    unsettled_old_ms: at(12_000),
    barrier_stuck_ms: at(10_000),
  };
}
