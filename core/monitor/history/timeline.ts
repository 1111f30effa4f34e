import type { ParsedInput, RequestOutput } from '../../api/contract.ts';
import type { StatementCache } from './statement-cache.ts';
import type { Transition, TransitionLog } from './transition-log.ts';

/** At most this many buckets: a wider range gets wider buckets (each bucket says its start). */
export const MAX_BUCKETS = 10_000;
/** At most this many transitions are listed (the most recent of the range). */
export const MAX_TIMELINE_TRANSITIONS = 2_000;

const HELD = new Set(['lease.acquired', 'lease.renewed']);
const LEASE_ENDED = new Set(['lease.released', 'lease.released_by_operator']);

/**
 * Keys in one state over time, counted per bucket as "in the state at some moment of the
 * bucket": those in it when the bucket starts plus those entering during it, each once.
 */
class StateCounter {
  private readonly now = new Set<string>();
  private touched = new Set<string>();
  private during = 0;

  enter(key: string): void {
    if (this.now.has(key)) return;
    this.now.add(key);
    if (!this.touched.has(key)) this.during++;
    this.touched.add(key);
  }

  leave(key: string): void {
    if (!this.now.delete(key)) return;
    this.touched.add(key);
  }

  startBucket(): void {
    this.touched = new Set();
    this.during = this.now.size;
  }

  get count(): number {
    return this.during;
  }
}

/**
 * Fleet activity over time, bucketed, with when recording began (`recorded_since_ms`: the
 * series below are unknown before it). Leases held, agents alive and (by default) attention
 * are replayed from the recorded transitions, starting from each key's last transition before
 * the range; a bucket counts every key in the state at some moment of the bucket, so a lease
 * held for a second still shows. The default attention count is the leases gone stale (until
 * released or re-acquired) plus the agents crashed (until recovered or gone); the engine may
 * pass `attentionAt(t)` instead, called with each bucket's start. Messages per bucket come from
 * per-second counts of the messages' `ts_ms` kept at ingestion.
 *
 * Lease kinds: lease.acquired and lease.renewed hold; lease.stale stops holding and needs
 * attention; lease.released and lease.released_by_operator end both. Agent kinds: agent.crashed
 * is not alive and needs attention; agent.gone is neither; any other agent.* (recovered,
 * active, registered...) is alive.
 *
 * @example
 * timeline(log, cache, { from_ms: t0, to_ms: t0 + 3_600_000, bucket_ms: 60_000 });
 */
export function timeline(
  log: TransitionLog,
  cache: StatementCache,
  input: ParsedInput<'timeline'>,
  extra: { attentionAt?: (t: number) => number } = {},
): RequestOutput<'timeline'> {
  const from = Math.floor(input.from_ms);
  const to = Math.floor(input.to_ms);
  if (!(to > from)) return { buckets: [], transitions: [] };
  let bucket = input.bucket_ms;
  if (Math.ceil((to - from) / bucket) > MAX_BUCKETS) bucket = Math.ceil((to - from) / MAX_BUCKETS);
  const count = Math.ceil((to - from) / bucket);

  const held = new StateCounter();
  const alive = new StateCounter();
  const attention = new StateCounter();
  const apply = (t: Transition): void => {
    const id = `${t.entity}\u0000${t.key}`;
    if (t.entity === 'lease') {
      if (HELD.has(t.kind)) {
        held.enter(id);
        attention.leave(id);
      } else if (t.kind === 'lease.stale') {
        held.leave(id);
        attention.enter(id);
      } else if (LEASE_ENDED.has(t.kind)) {
        held.leave(id);
        attention.leave(id);
      }
    } else if (t.entity === 'agent') {
      if (t.kind === 'agent.crashed') {
        alive.leave(id);
        attention.enter(id);
      } else if (t.kind === 'agent.gone') {
        alive.leave(id);
        attention.leave(id);
      } else if (t.kind.startsWith('agent.')) {
        alive.enter(id);
        attention.leave(id);
      }
    }
  };
  let earliest = Infinity; // of what this answer saw: the database may not have it all yet
  for (const t of log.lastBefore(from, ['lease', 'agent'])) {
    earliest = Math.min(earliest, t.ts_ms);
    apply(t);
  }

  // Per-second counts kept at ingestion: a message falls in the bucket holding the start of
  // its second (exact for buckets of whole seconds from a whole second, the usual case).
  const messages = new Map<number, number>();
  for (const row of cache
    .get<[number, number, number, number, number], { b: number; n: number }>(
      `SELECT CAST((max(sec * 1000, ?) - ?) / ? AS INTEGER) AS b, sum(n) AS n FROM msg_seconds
       WHERE sec >= ? AND sec < ? GROUP BY b`,
    )
    .all(from, from, bucket, Math.floor(from / 1000), Math.ceil(to / 1000))) {
    if (row.b >= 0 && row.b < count) messages.set(row.b, row.n);
  }

  const buckets: RequestOutput<'timeline'>['buckets'] = [];
  const listed: Transition[] = [];
  let index = 0;
  let end = Math.min(from + bucket, to);
  held.startBucket();
  alive.startBucket();
  attention.startBucket();
  const close = (): void => {
    const t = from + index * bucket;
    buckets.push({
      t_ms: t,
      leases_held: held.count,
      agents_alive: alive.count,
      messages: messages.get(index) ?? 0,
      attention: extra.attentionAt ? extra.attentionAt(t) : attention.count,
    });
    index++;
    end = Math.min(from + (index + 1) * bucket, to);
    held.startBucket();
    alive.startBucket();
    attention.startBucket();
  };
  log.each(from, to, undefined, (t) => {
    while (t.ts_ms >= end && index < count) close();
    apply(t);
    listed.push(t);
    // Keep only the most recent ones, without holding a million renewals in memory.
    if (listed.length >= MAX_TIMELINE_TRANSITIONS * 2) listed.splice(0, MAX_TIMELINE_TRANSITIONS);
  });
  while (index < count) close();
  // Transitions not flushed yet are only in memory: count those this answer saw too.
  const stored = cache
    .get<[], { m: number | null }>('SELECT min(ts_ms) AS m FROM transitions')
    .get()?.m;
  const first = Math.min(earliest, stored ?? Infinity, listed[0]?.ts_ms ?? Infinity);
  return {
    buckets,
    transitions: listed.slice(-MAX_TIMELINE_TRANSITIONS),
    ...(Number.isFinite(first) ? { recorded_since_ms: first } : {}),
  };
}
