import type { EntityMaps } from './entities.ts';
import type { ViewId } from './selectors.ts';

export type PaletteEntry = { view: ViewId; key: string; kind: string; label: string; hint: string };

/**
 * Everything the palette can jump to: leases, agents, rooms, runs, handoffs. A room's message
 * count comes from the history index: without one (`historyUnavailable`) it is not known, and
 * the hint says so rather than "0 messages".
 */
export function paletteEntries(entities: EntityMaps, historyUnavailable = false): PaletteEntry[] {
  const out: PaletteEntry[] = [];
  for (const l of entities.lease.values()) {
    out.push({
      view: 'leases',
      key: l.key,
      kind: 'lease',
      label: l.resource_path,
      hint: l.holder ?? l.state,
    });
  }
  for (const a of entities.agent.values()) {
    out.push({
      view: 'agents',
      key: a.key,
      kind: 'agent',
      label: a.id,
      hint: a.name !== a.id ? a.name : a.liveness,
    });
  }
  for (const r of entities.room.values())
    out.push({
      view: 'rooms',
      key: r.key,
      kind: 'room',
      label: r.key,
      hint: historyUnavailable ? 'history unavailable' : `${r.message_count} messages`,
    });
  for (const r of entities.run.values())
    out.push({ view: 'runs', key: r.key, kind: 'run', label: r.run_id, hint: r.status ?? '' });
  for (const h of entities.handoff.values()) {
    out.push({
      view: 'handoffs',
      key: h.key,
      kind: 'handoff',
      label: h.id,
      hint: `${h.from} → ${h.to} · ${h.state}`,
    });
  }
  return out;
}

/**
 * Case-insensitive match on the label (then the hint): prefix matches first, then matches at a
 * path segment, then anywhere; shorter labels first within a rank. At most `limit` results.
 */
export function searchPalette(
  entries: readonly PaletteEntry[],
  query: string,
  limit = 50,
): PaletteEntry[] {
  const q = query.trim().toLowerCase();
  if (!q) return entries.slice(0, limit);
  const ranked: { entry: PaletteEntry; rank: number }[] = [];
  for (const entry of entries) {
    const label = entry.label.toLowerCase();
    const at = label.indexOf(q);
    let rank: number;
    if (at === 0) rank = 0;
    else if (at > 0 && /[/._-]/.test(label[at - 1] ?? '')) rank = 1;
    else if (at > 0) rank = 2;
    else if (entry.hint.toLowerCase().includes(q)) rank = 3;
    else continue;
    ranked.push({ entry, rank });
  }
  ranked.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.entry.label.length - b.entry.label.length ||
      a.entry.label.localeCompare(b.entry.label),
  );
  return ranked.slice(0, limit).map((r) => r.entry);
}
