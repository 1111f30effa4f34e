import type {
  AgentView,
  AttentionItem,
  HandoffView,
  LeaseView,
  RoomView,
  RunView,
  UnsettledView,
} from '../../../core/api/views.ts';
import type { EntityMaps } from './entities.ts';
import { isDataStale, type MonitorState } from './monitor-store.ts';
import { isLeaseStale, isExpiringSoon, runGroup } from './display-state.ts';
import { isRunLease, orphanedRunOf } from './run-lease.ts';
import { releaseNeedsForce, withReleaseVerb } from './lease-release.ts';

/**
 * What each view shows, computed from the model in one place, so a view and its rail count can
 * never disagree (they call the same function). Pure: tested without a DOM.
 */

/**
 * Plain code-unit order. Lists of 10,000 rows are re-sorted on every model change, and
 * `localeCompare` (ICU collation) costs ten times as much; identifiers and paths need no locale.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Remember the last result while every argument is the same object/value. */
export function memoLast<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let lastArgs: A | undefined;
  let lastResult: R | undefined;
  return (...args: A) => {
    if (
      lastArgs &&
      args.length === lastArgs.length &&
      args.every((a, i) => Object.is(a, lastArgs![i]))
    ) {
      return lastResult as R;
    }
    lastArgs = args;
    lastResult = fn(...args);
    return lastResult;
  };
}

// ---------- time-dependent sets, computed only when they can have changed ----------

const expiryIndexes = new WeakMap<EntityMaps['lease'], Float64Array>();

/** The expiries of the leases that can turn stale by the clock alone, sorted (once per map). */
function expiryIndex(leases: EntityMaps['lease']): Float64Array {
  let index = expiryIndexes.get(leases);
  if (!index) {
    const list: number[] = [];
    for (const lease of leases.values()) {
      if (lease.record && (lease.state === 'active' || lease.state === 'suspect-skew'))
        list.push(lease.record.expires_at_ms);
    }
    index = Float64Array.from(list).sort();
    expiryIndexes.set(leases, index);
  }
  return index;
}

/**
 * How many of these leases have expired by `nowMs` (binary search). For a given map the set of
 * clock-stale leases changes only when this number does, so selectors that depend on "now" key
 * their memo on it instead of recomputing every second over 10,000 leases.
 */
export function expiredCount(leases: EntityMaps['lease'], nowMs: number): number {
  const index = expiryIndex(leases);
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index[mid]! <= nowMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------- attention ----------

export type AttentionRow = AttentionItem & {
  /** Seen here (a countdown passed zero) before the engine said so. */
  provisional?: boolean;
};

const SEVERITY_RANK: Record<AttentionItem['severity'], number> = {
  critical: 0,
  warning: 1,
  info: 2,
};

/** Most severe first, then oldest first (the condition that began earliest). */
export function compareAttention(a: AttentionItem, b: AttentionItem): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    a.since_ms - b.since_ms ||
    compareText(a.key, b.key)
  );
}

/**
 * The engine's attention items, plus an item for each lease whose countdown has passed zero that
 * the engine has not reported yet: the lease row already says "stale", so the queue must too.
 *
 * `liveUntilMs` is the time up to which the model is known current: `nowMs` while the data is
 * live, the last update while it is not (disconnected, resyncing, engine unavailable). Only a
 * countdown that passed zero by then is a fair guess: the engine reports or releases such a lease
 * within a scan, and we would have heard. Past it, a lease may long have been released and we
 * cannot know, so raising an item would fill the queue with guesses. A run's own lease is never
 * guessed at: the engine tells its story as the run's (orphaned, resumable; nothing to release).
 */
export function attentionRows(
  attention: EntityMaps['attention'],
  leases: EntityMaps['lease'],
  nowMs: number,
  liveUntilMs: number,
): AttentionRow[] {
  const rows: AttentionRow[] = [...attention.values()].map((item) =>
    withReleaseLabel(item, leases, nowMs),
  );
  const covered = new Set<string>();
  for (const item of attention.values())
    if (item.subject.entity === 'lease') covered.add(item.subject.key);
  for (const lease of leases.values()) {
    if (lease.state !== 'active' && lease.state !== 'suspect-skew') continue;
    if (covered.has(lease.key) || !lease.record || isRunLease(lease)) continue;
    if (!isLeaseStale(lease, Math.min(nowMs, liveUntilMs))) continue;
    rows.push(provisionalStaleLease(lease));
  }
  return rows.sort(compareAttention);
}

/**
 * A release action labelled by what its dialog will do: "Force-release …" when the release is
 * forced (the lease as shown is not stale, or has no usable record), "Release …" otherwise. The
 * engine names the action when it raises the item; the lease may have changed since, and the
 * dialog (releaseLeasePlan for a lease, the engine's own input otherwise) decides by what it is now.
 */
function withReleaseLabel(
  item: AttentionItem,
  leases: EntityMaps['lease'],
  nowMs: number,
): AttentionItem {
  const action = item.action;
  if (action?.request !== 'releaseLease') return item;
  const lease = item.subject.entity === 'lease' ? leases.get(item.subject.key) : undefined;
  const force = lease ? releaseNeedsForce(lease, nowMs) : action.input['force'] === true;
  const label = withReleaseVerb(action.label, force);
  return label === action.label ? item : { ...item, action: { ...action, label } };
}

/**
 * The engine's rule (core/monitor/attention/lease-rules.ts), so an item does not change severity
 * when the engine's own replaces it: critical only when nobody will renew the lease.
 */
export function staleLeaseSeverity(lease: LeaseView): AttentionItem['severity'] {
  return lease.holder_liveness === 'crashed' || lease.holder_liveness === 'gone'
    ? 'critical'
    : 'warning';
}

function provisionalStaleLease(lease: LeaseView): AttentionRow {
  const record = lease.record!;
  const evidence = [
    { label: 'holder', value: lease.holder ?? record.owner.id },
    { label: 'token', value: record.token },
    { label: 'expired at', value: new Date(record.expires_at_ms).toISOString() },
  ];
  if (lease.holder_liveness)
    evidence.push({ label: 'holder liveness', value: lease.holder_liveness });
  return {
    key: `local:stale_lease:${lease.key}`,
    kind: 'stale_lease',
    severity: staleLeaseSeverity(lease),
    title: `Stale lease on ${lease.resource_path}`,
    since_ms: record.expires_at_ms,
    subject: { entity: 'lease', key: lease.key },
    evidence,
    action: {
      request: 'releaseLease',
      label: 'Release stale lease',
      input: { resource_path: lease.resource_path, expected_token: record.token },
      needs_reason: false,
    },
    provisional: true,
  };
}

// ---------- leases ----------

export type LeaseFilter = { stale: boolean; expiring: boolean; holder: string; text: string };
export const NO_LEASE_FILTER: LeaseFilter = { stale: false, expiring: false, holder: '', text: '' };
export type LeaseSortKey = 'expires' | 'resource' | 'holder' | 'acquired' | 'renewals';
export type Sort<K extends string> = { by: K; dir: 1 | -1 };

export function leaseHolder(lease: LeaseView): string {
  return lease.holder ?? lease.record?.owner.agent ?? lease.record?.owner.id ?? '';
}

function leaseSortValue(lease: LeaseView, by: LeaseSortKey): number | string {
  switch (by) {
    case 'expires':
      // Problems without a record (unrecorded, malformed) sort with the most urgent.
      return lease.record?.expires_at_ms ?? -Infinity;
    case 'resource':
      return lease.resource_path;
    case 'holder':
      return leaseHolder(lease);
    case 'acquired':
      return lease.record?.acquired_at_ms ?? -Infinity;
    case 'renewals':
      return lease.record?.renewals ?? -1;
  }
}

function leaseComparator(sort: Sort<LeaseSortKey>): (a: LeaseView, b: LeaseView) => number {
  return (a, b) => {
    const va = leaseSortValue(a, sort.by);
    const vb = leaseSortValue(b, sort.by);
    const c =
      typeof va === 'number' && typeof vb === 'number'
        ? va - vb
        : compareText(String(va), String(vb));
    return (c || compareText(a.key, b.key)) * sort.dir;
  };
}

export function sortLeases(leases: Iterable<LeaseView>, sort: Sort<LeaseSortKey>): LeaseView[] {
  return [...leases].sort(leaseComparator(sort));
}

/** Changes up to this many are merged into the previous order; more, and it is a full sort. */
const INCREMENTAL_LIMIT = 256;

/**
 * The lease list in order, kept up to date incrementally: a delta touches a handful of leases
 * out of 10,000, so the previous order is kept and only the changed ones are taken out and put
 * back where they belong (binary search), instead of sorting everything on every update.
 */
export function createLeaseSorter(): (
  leases: EntityMaps['lease'],
  sort: Sort<LeaseSortKey>,
) => LeaseView[] {
  let prevMap: EntityMaps['lease'] | undefined;
  let prevSort: Sort<LeaseSortKey> | undefined;
  let prevRows: LeaseView[] = [];
  return (leases, sort) => {
    if (leases === prevMap && sort === prevSort) return prevRows;
    let rows: LeaseView[] | undefined;
    if (prevMap && sort === prevSort)
      rows = mergeChanges(prevMap, prevRows, leases, leaseComparator(sort));
    prevMap = leases;
    prevSort = sort;
    prevRows = rows ?? sortLeases(leases.values(), sort);
    return prevRows;
  };
}

function mergeChanges(
  before: EntityMaps['lease'],
  rows: readonly LeaseView[],
  after: EntityMaps['lease'],
  compare: (a: LeaseView, b: LeaseView) => number,
): LeaseView[] | undefined {
  const touched = new Set<string>();
  const upserts: LeaseView[] = [];
  for (const [key, lease] of after) {
    if (before.get(key) === lease) continue;
    touched.add(key);
    upserts.push(lease);
    if (touched.size > INCREMENTAL_LIMIT) return undefined;
  }
  for (const key of before.keys()) {
    if (!after.has(key)) touched.add(key);
    if (touched.size > INCREMENTAL_LIMIT) return undefined;
  }
  const next = touched.size === 0 ? [...rows] : rows.filter((r) => !touched.has(r.key));
  for (const lease of upserts) {
    let lo = 0;
    let hi = next.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(next[mid]!, lease) <= 0) lo = mid + 1;
      else hi = mid;
    }
    next.splice(lo, 0, lease);
  }
  return next;
}

export function leaseFilterUsesTime(filter: LeaseFilter): boolean {
  return filter.stale || filter.expiring;
}

export function filterLeases(
  sorted: readonly LeaseView[],
  filter: LeaseFilter,
  nowMs: number,
): readonly LeaseView[] {
  const text = filter.text.trim().toLowerCase();
  const holder = filter.holder.trim().toLowerCase();
  if (!text && !holder && !filter.stale && !filter.expiring) return sorted;
  return sorted.filter((lease) => {
    if (text && !lease.resource_path.toLowerCase().includes(text)) return false;
    if (holder && !leaseHolder(lease).toLowerCase().includes(holder)) return false;
    if (filter.stale || filter.expiring) {
      const stale = isLeaseStale(lease, nowMs);
      const expiring =
        !stale &&
        lease.record !== undefined &&
        isExpiringSoon(lease.record.expires_at_ms - nowMs, lease.record.ttl_ms);
      // Both boxes ticked: either condition (the union is what "needs a look soon" means).
      if (!((filter.stale && stale) || (filter.expiring && expiring))) return false;
    }
    return true;
  });
}

/**
 * Leases the bulk release acts on: stale ones in the filtered set that have a token to check,
 * except the lease of an orphaned run (the next worker takes it over and resumes the run; the
 * engine raises no "release it" item for it either).
 */
export function bulkReleasable(
  rows: readonly LeaseView[],
  runs: EntityMaps['run'],
  nowMs: number,
): LeaseView[] {
  return rows.filter(
    (lease) =>
      lease.record !== undefined &&
      isLeaseStale(lease, nowMs) &&
      orphanedRunOf(lease, runs) === undefined,
  );
}

/** bulkReleasable, recomputed only when the rows change or another lease crosses its expiry. */
export function createBulkSelector(): (
  rows: readonly LeaseView[],
  leases: EntityMaps['lease'],
  runs: EntityMaps['run'],
  nowMs: number,
) => LeaseView[] {
  let key: [readonly LeaseView[], EntityMaps['run'], number] | undefined;
  let result: LeaseView[] = [];
  return (rows, leases, runs, nowMs) => {
    const expired = expiredCount(leases, nowMs);
    if (key && key[0] === rows && key[1] === runs && key[2] === expired) return result;
    key = [rows, runs, expired];
    result = bulkReleasable(rows, runs, nowMs);
    return result;
  };
}

// ---------- agents ----------

const LIVENESS_RANK: Record<AgentView['liveness'], number> = { crashed: 0, active: 1, gone: 2 };

export function sortAgents(agents: Iterable<AgentView>): AgentView[] {
  return [...agents].sort(
    (a, b) => LIVENESS_RANK[a.liveness] - LIVENESS_RANK[b.liveness] || compareText(a.id, b.id),
  );
}

// ---------- rooms ----------

export function sortRooms(rooms: Iterable<RoomView>): RoomView[] {
  return [...rooms].sort(
    (a, b) =>
      (b.last_message?.ts_ms ?? 0) - (a.last_message?.ts_ms ?? 0) || compareText(a.key, b.key),
  );
}

// ---------- runs ----------

export const RUN_GROUPS = [
  'orphaned',
  'running',
  'waiting',
  'interrupted',
  'failed',
  'succeeded',
  'cancelled',
] as const;

export function runRows(runs: Iterable<RunView>, group: string, nowMs: number): RunView[] {
  const rows = [...runs].filter((run) => group === 'all' || runGroup(run, nowMs) === group);
  return rows.sort(
    (a, b) => (b.updated_at_ms ?? 0) - (a.updated_at_ms ?? 0) || compareText(a.key, b.key),
  );
}

export function runGroupCounts(runs: Iterable<RunView>, nowMs: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const run of runs) {
    const group = runGroup(run, nowMs);
    counts[group] = (counts[group] ?? 0) + 1;
  }
  return counts;
}

// ---------- handoffs ----------

/** Pending oldest first; decided ones (when shown) newest decision first after them. */
export function handoffRows(
  handoffs: Iterable<HandoffView>,
  includeDecided: boolean,
): HandoffView[] {
  const all = [...handoffs];
  const pending = all
    .filter((h) => h.state === 'pending')
    .sort((a, b) => a.created_at_ms - b.created_at_ms || compareText(a.id, b.id));
  if (!includeDecided) return pending;
  const decided = all
    .filter((h) => h.state !== 'pending')
    .sort(
      (a, b) => (b.decision?.at_ms ?? b.created_at_ms) - (a.decision?.at_ms ?? a.created_at_ms),
    );
  return [...pending, ...decided];
}

// ---------- unsettled ----------

export function unsettledRows(items: Iterable<UnsettledView>): UnsettledView[] {
  return [...items].sort(
    (a, b) =>
      (a.oldest_queued_at_ms ?? Infinity) - (b.oldest_queued_at_ms ?? Infinity) ||
      compareText(a.pipeline_id, b.pipeline_id),
  );
}

// ---------- rail counts ----------

/**
 * The time up to which the model is known current, for attentionRows: now while it is live, the
 * last applied update while it is not (nothing after that was seen, so nothing is guessed).
 */
export function liveUntil(
  s: Pick<MonitorState, 'connection' | 'synced' | 'status' | 'last_update_ms'>,
  nowMs: number,
): number {
  return isDataStale(s) ? (s.last_update_ms ?? -Infinity) : nowMs;
}

export type ViewId =
  | 'attention'
  | 'leases'
  | 'agents'
  | 'rooms'
  | 'runs'
  | 'handoffs'
  | 'unsettled'
  | 'timeline'
  | 'audit';

/**
 * The attention rows as of `nowMs`, recomputed only when the model or the set of clock-expired
 * leases changes (not on every tick).
 */
export function createAttentionSelector(): (
  attention: EntityMaps['attention'],
  leases: EntityMaps['lease'],
  nowMs: number,
  liveUntilMs: number,
) => AttentionRow[] {
  let key: [EntityMaps['attention'], EntityMaps['lease'], number, number] | undefined;
  let result: AttentionRow[] = [];
  return (attention, leases, nowMs, liveUntilMs) => {
    // Labels follow "now", provisional items the live horizon: both counts key the memo.
    const expired = expiredCount(leases, nowMs);
    const guessed = expiredCount(leases, Math.min(nowMs, liveUntilMs));
    if (
      key &&
      key[0] === attention &&
      key[1] === leases &&
      key[2] === expired &&
      key[3] === guessed
    )
      return result;
    key = [attention, leases, expired, guessed];
    result = attentionRows(attention, leases, nowMs, liveUntilMs);
    return result;
  };
}

const railAttention = createAttentionSelector();
const railHandoffs = memoLast(
  (handoffs: EntityMaps['handoff']) => handoffRows(handoffs.values(), false).length,
);

/**
 * The count of rows each view shows in its default state (no filter), as the rail shows it.
 * `liveUntilMs` as for attentionRows: pass the same value the Attention view does.
 */
export function railCounts(
  entities: EntityMaps,
  nowMs: number,
  liveUntilMs: number,
): Partial<Record<ViewId, number>> {
  return {
    attention: railAttention(entities.attention, entities.lease, nowMs, liveUntilMs).length,
    leases: entities.lease.size,
    agents: entities.agent.size,
    rooms: entities.room.size,
    runs: entities.run.size,
    handoffs: railHandoffs(entities.handoff),
    unsettled: entities.unsettled.size,
  };
}
