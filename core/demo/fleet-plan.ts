import { createRng, deriveSeed } from './prng.ts';
import type { TimingName } from './demo-timing.ts';

/** What an agent of the demo does. Workers run durable runs; the last two are fixtures. */
export type AgentRole = 'builder' | 'tester' | 'refactorer' | 'docs' | 'legacy' | 'pipeline';

/** One process slot of the fleet: restarted by the supervisor when its agent crashes. */
export interface SlotPlan {
  slot: number;
  role: AgentRole;
  /** The agent id of the slot's first generation. */
  base_id: string;
}

/** Everything an agent process needs to know, passed as one JSON argument. */
export interface AgentConfig {
  dir: string;
  id: string;
  role: AgentRole;
  slot: number;
  generation: number;
  seed: number;
  speed: number;
  /** SIGKILL itself this long after it starts, mid-work (absent: never). */
  crash_after_ms?: number;
  /** The worker ids of the fleet (first generation), whom agents talk to and hand work to. */
  workers: string[];
  /** Who meets at the integration barrier. */
  barrier_members: string[];
  /** When the demo started (ms since the epoch): barrier rounds count from it. */
  demo_started_at_ms: number;
  /** The supervisor's pid: the agent stops when its parent is no longer that process. */
  supervisor_pid: number;
}

/** The worker roles, in the order slots take them. */
const WORKER_ROLES: readonly AgentRole[] = [
  'builder',
  'tester',
  'refactorer',
  'builder',
  'docs',
  'tester',
];

const ID_PREFIX: Record<AgentRole, string> = {
  builder: 'builder',
  tester: 'tester',
  refactorer: 'refactor',
  docs: 'docs',
  legacy: 'legacy-bot',
  pipeline: 'pipeline-runner',
};

/**
 * The fleet's slots: `workers` workers (builder-1, tester-1, refactor-1, builder-2, docs-1…),
 * then `legacy-bot` and `pipeline-runner`.
 *
 * @example
 * fleetRoster(3).map((s) => s.base_id); // ['builder-1', 'tester-1', 'refactor-1', 'legacy-bot', 'pipeline-runner']
 */
export function fleetRoster(workers: number): SlotPlan[] {
  const counts = new Map<AgentRole, number>();
  const slots: SlotPlan[] = [];
  for (let i = 0; i < workers; i++) {
    const role = WORKER_ROLES[i % WORKER_ROLES.length] as AgentRole;
    const n = (counts.get(role) ?? 0) + 1;
    counts.set(role, n);
    slots.push({ slot: i, role, base_id: `${ID_PREFIX[role]}-${n}` });
  }
  slots.push({ slot: workers, role: 'legacy', base_id: ID_PREFIX.legacy });
  slots.push({ slot: workers + 1, role: 'pipeline', base_id: ID_PREFIX.pipeline });
  return slots;
}

/** True for the roles that run durable runs (and may crash). */
export function isWorkerRole(role: AgentRole): boolean {
  return role !== 'legacy' && role !== 'pipeline';
}

/**
 * The id of a slot's `generation`-th process. A supervisor restarts an agent sometimes under
 * a new id (odd generations: `builder-2-r1`; the old id stays behind, crashed, with its stale
 * leases) and sometimes under the same one (even generations: the old record comes back to
 * life), as real fleets do both.
 *
 * @example
 * agentIdFor({ slot: 0, role: 'builder', base_id: 'builder-1' }, 1); // 'builder-1-r1'
 */
export function agentIdFor(slot: SlotPlan, generation: number): string {
  return generation % 2 === 1 ? `${slot.base_id}-r${generation}` : slot.base_id;
}

/**
 * When (ms after it starts) the agent of `slot`/`generation` crashes, if it does. One worker,
 * chosen by the seed, always crashes early so a demo shows a crash within seconds; after that a
 * third of the worker generations crash at some random point.
 *
 * @example
 * crashAfter(1, fleetRoster(5)[2]!, 0, 5, scaledTiming(1)); // e.g. 10412, or undefined
 */
export function crashAfter(
  seed: number,
  slot: SlotPlan,
  generation: number,
  workers: number,
  timing: Record<TimingName, number>,
): number | undefined {
  if (!isWorkerRole(slot.role)) return undefined;
  const rng = createRng(deriveSeed(seed, 'crash', slot.slot, generation));
  if (generation === 0 && slot.slot === firstCrashSlot(seed, workers)) {
    return Math.round(rng.between(timing.first_crash_min, timing.first_crash_max));
  }
  if (!rng.chance(0.35)) return undefined;
  return Math.round(rng.between(timing.later_crash_min, timing.later_crash_max));
}

/**
 * The worker slot that crashes first. Never slot 0 when there is a choice: slot 0 opens the
 * demo with the handoff for the absent reviewer and the first deploy.
 *
 * @example
 * firstCrashSlot(1, 5); // 1..4
 */
export function firstCrashSlot(seed: number, workers: number): number {
  if (workers <= 1) return 0;
  return 1 + (deriveSeed(seed, 'first-crash') % (workers - 1));
}
