import { leaseHolder, leaseRunId, type LeaseRaw } from './entities/lease-entity.ts';

/** Leases by holder agent and by run, kept in step with the raw lease records. */
export interface LeaseIndex {
  /** A lease's record changed from `before` to `after` (either may be absent). */
  replace(before: LeaseRaw | undefined, after: LeaseRaw | undefined): void;
  /** Keys of the leases whose owner record names `agentId` as holder. */
  heldBy(agentId: string): ReadonlySet<string>;
  /** Keys of the leases that belong to run `runId`. */
  ofRun(runId: string): ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * An empty index. An agent's view lists the leases it holds and a run's attention reads its
 * leases: both would otherwise scan every lease on each change.
 *
 * @example
 * const index = createLeaseIndex();
 * index.replace(undefined, raw);
 * index.heldBy('builder-1'); // Set { 'locks/src/a.ts.lock.d' }
 */
export function createLeaseIndex(): LeaseIndex {
  const byHolder = new Map<string, Set<string>>();
  const byRun = new Map<string, Set<string>>();
  return {
    replace(before, after) {
      if (before) {
        const holder = leaseHolder(before);
        if (holder !== undefined) removeFrom(byHolder, holder, before.key);
        const runId = leaseRunId(before);
        if (runId !== undefined) removeFrom(byRun, runId, before.key);
      }
      if (after) {
        const holder = leaseHolder(after);
        if (holder !== undefined) addTo(byHolder, holder, after.key);
        const runId = leaseRunId(after);
        if (runId !== undefined) addTo(byRun, runId, after.key);
      }
    },
    heldBy: (agentId) => byHolder.get(agentId) ?? NONE,
    ofRun: (runId) => byRun.get(runId) ?? NONE,
  };
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
