import type { MonitorService } from '../core/api/contract.ts';
import { AttentionItemSchema, type AttentionItem, type Delta } from '../core/api/views.ts';

/** One desktop notification. */
export interface AttentionNotice {
  title: string;
  body: string;
}

export interface AttentionNotifierOptions {
  /** Show a desktop notification (main decides whether the window's focus makes it moot). */
  notify(notice: AttentionNotice): void;
  /** Show the attention count on the dock/taskbar badge (0 clears it). */
  setBadge(count: number): void;
  /** New items within this window after the first are shown together (default 1500 ms). */
  coalesceMs?: number;
  /** Items appearing this soon after attaching are the start-up state: counted, never announced
   *  (the engine's first rescan and its deadlines settle in this time; default 3000 ms). */
  quietStartMs?: number;
  /** A key announced less than this long ago is not announced again when it flaps (default 10 min). */
  renotifyAfterMs?: number;
  now?: () => number;
}

export interface AttentionNotifier {
  /** Follow this engine (after a directory switch: its items are the new baseline). */
  attach(service: MonitorService): Promise<void>;
  detach(): void;
  /** The attention count shown on the badge. */
  count(): number;
}

/** Severities worth interrupting the operator for; `info` items wait in the Attention view. */
const ANNOUNCED = new Set<AttentionItem['severity']>(['critical', 'warning']);
const LISTED_TITLES = 3;

/**
 * Desktop notifications for NEW attention items, and the attention count on the badge. The
 * items present when an engine is attached (and those appearing in its first seconds) are the
 * baseline: opening a directory with 40 stale leases shows "40" on the badge, not 40 popups.
 * Later arrivals are coalesced: a burst becomes one notification ("3 items need attention").
 * An item resolved before its notification goes out is not announced at all.
 *
 * @example
 * const notifier = createAttentionNotifier({ notify: show, setBadge: (n) => app.setBadgeCount(n) });
 * await notifier.attach(monitor);
 */
export function createAttentionNotifier(options: AttentionNotifierOptions): AttentionNotifier {
  const coalesceMs = options.coalesceMs ?? 1500;
  const quietStartMs = options.quietStartMs ?? 3000;
  const renotifyAfterMs = options.renotifyAfterMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const items = new Map<string, AttentionItem>();
  const pending = new Map<string, AttentionItem>();
  const announcedAt = new Map<string, number>();
  let quietUntil = 0;
  let lastSeq = 0;
  let badge = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;
  let generation = 0;

  function updateBadge(): void {
    if (items.size === badge) return;
    badge = items.size;
    options.setBadge(badge);
  }

  function flush(): void {
    timer = undefined;
    const fresh = [...pending.values()];
    pending.clear();
    if (fresh.length === 0) return;
    const t = now();
    for (const item of fresh) announcedAt.set(item.key, t);
    options.notify(describe(fresh));
  }

  function upsert(item: AttentionItem): void {
    const known = items.has(item.key);
    items.set(item.key, item);
    if (known || now() < quietUntil || !ANNOUNCED.has(item.severity)) return;
    const last = announcedAt.get(item.key);
    if (last !== undefined && now() - last < renotifyAfterMs) return;
    pending.set(item.key, item);
    timer ??= setTimeout(flush, coalesceMs);
  }

  function remove(key: string): void {
    items.delete(key);
    pending.delete(key);
  }

  function apply(delta: Delta): void {
    if (delta.seq <= lastSeq) return; // already in the baseline snapshot
    lastSeq = delta.seq;
    for (const change of delta.changes) {
      if (change.entity !== 'attention') continue;
      if (change.op === 'remove') remove(change.key);
      else {
        const item = AttentionItemSchema.safeParse(change.value);
        if (item.success) upsert(item.data);
      }
    }
    updateBadge();
  }

  function detach(): void {
    generation += 1;
    unsubscribe?.();
    unsubscribe = undefined;
    if (timer) clearTimeout(timer);
    timer = undefined;
    pending.clear();
    items.clear();
  }

  return {
    async attach(service) {
      detach();
      const mine = generation;
      quietUntil = now() + quietStartMs;
      // Subscribe before the snapshot and hold deltas until it arrives, so none fall between.
      const early: Delta[] = [];
      let based = false;
      unsubscribe = service.on('delta', (delta) => (based ? apply(delta) : early.push(delta)));
      const snapshot = await service.handlers.snapshot({});
      if (mine !== generation) return; // switched again meanwhile
      lastSeq = snapshot.seq;
      for (const item of snapshot.attention) items.set(item.key, item);
      based = true;
      for (const delta of early) apply(delta);
      updateBadge();
    },
    detach() {
      detach();
      // Clear a badge we showed; never set one before anything was attached.
      if (badge > 0) updateBadge();
    },
    count: () => items.size,
  };
}

function describe(fresh: AttentionItem[]): AttentionNotice {
  const first = fresh[0];
  if (fresh.length === 1 && first) {
    return {
      title: `Baton: ${first.severity === 'critical' ? 'critical' : 'needs attention'}`,
      body: first.title,
    };
  }
  const listed = fresh.slice(0, LISTED_TITLES).map((item) => item.title);
  const more = fresh.length - listed.length;
  return {
    title: `Baton: ${fresh.length} new items need attention`,
    body: [...listed, ...(more > 0 ? [`and ${more} more`] : [])].join('\n'),
  };
}
