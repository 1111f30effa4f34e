import type { AgentView, AttentionItem, EntityKind, LeaseView, RunView } from '../../api/views.ts';
import type { ObservedMemo } from './first-observed.ts';
import type { Thresholds } from './thresholds.ts';

/** What a rule may look at besides its subject: the clock, thresholds and related views. */
export interface AttentionContext {
  now: number;
  thresholds: Thresholds;
  agent(id: string): AgentView | undefined;
  run(runId: string): RunView | undefined;
  /** The leases whose owner record names `agentId` as holder. */
  leasesHeldBy(agentId: string): LeaseView[];
  /** Ids of the agents that are active now. */
  activeAgents(): string[];
  /** Since when a condition no record dates was first seen (shared by every pass). */
  observed: ObservedMemo;
}

/** The items one subject raises now, and when (if ever) that could change by time alone. */
export interface RuleResult {
  items: AttentionItem[];
  /** The next instant the rule's answer changes with no file change (e.g. a threshold). */
  next_ms?: number;
}

export const SEVERITY_RANK: Readonly<Record<AttentionItem['severity'], number>> = {
  critical: 0,
  warning: 1,
  info: 2,
};

/**
 * Most severe first, then oldest (`since_ms`) first, then by key for a stable order.
 *
 * @example
 * items.sort(compareAttention);
 */
export function compareAttention(a: AttentionItem, b: AttentionItem): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    a.since_ms - b.since_ms ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/** The earliest of some instants that are still ahead of `now` (undefined if none). */
export function nextAfter(now: number, ...instants: Array<number | undefined>): number | undefined {
  let best: number | undefined;
  for (const at of instants) {
    if (at === undefined || !Number.isFinite(at) || at <= now) continue;
    if (best === undefined || at < best) best = at;
  }
  return best;
}

/**
 * A duration for evidence lines: `45s`, `3m 12s`, `2h 05m`, `3d 4h`. Only for durations that are
 * fixed facts (a TTL, a threshold): an item's text is computed once, when it is derived, and
 * never re-rendered, so a duration up to "now" would be wrong a minute later. The UI shows ages
 * live from `since_ms`.
 *
 * @example
 * formatDuration(192_000); // '3m 12s'
 */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/**
 * An absolute time for evidence and titles (ISO-8601 UTC): the way to name an instant in an
 * item's text (see {@link formatDuration} for why not "3m ago").
 *
 * @example
 * formatTime(1_700_000_000_000); // '2023-11-14T22:13:20.000Z'
 */
export function formatTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}

/** Build an item's key: kind and subject, plus a part when one subject raises several. */
export function attentionKey(kind: string, entity: EntityKind, key: string, part?: string): string {
  return part === undefined ? `${kind}:${entity}:${key}` : `${kind}:${entity}:${key}#${part}`;
}
