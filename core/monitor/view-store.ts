import type { EntityKind, EntityViewOf, Snapshot } from '../api/views.ts';
import { EntityKindSchema } from '../api/views.ts';
import { compareAttention } from './attention/attention-context.ts';
import type { AttentionSubject } from './attention/evaluate-attention.ts';
import type { DeltaBatcher } from './delta-batcher.ts';
import type { DiagnosticChange } from './diagnostics-index.ts';

/** The model's views, in snapshot form (sorted), without seq/time/status. */
export type ModelSnapshot = Omit<Snapshot, 'seq' | 'server_time_ms' | 'status'>;

/** The model's views by key, one map per entity kind. */
export type ViewMaps = { [K in EntityKind]: Map<string, EntityViewOf[K]> };

export interface ViewStore {
  /** What clients have, by entity kind and key. Change them through {@link put} only. */
  readonly views: Readonly<ViewMaps>;
  /** Store a view (`undefined` removes it); true when it differs from what clients have, in
   *  which case the change is sent (unless the store is quiet). */
  put(entity: EntityKind, key: string, view: unknown): boolean;
  /** Apply a change of the diagnostics index (always sent). */
  putDiagnostic(change: DiagnosticChange): void;
  /** The view of an attention subject, tagged by its entity (undefined when it has none). */
  subject(entity: string, key: string): AttentionSubject | undefined;
  snapshot(): ModelSnapshot;
}

/**
 * The views the model derived, and change detection against what clients have: each view's
 * JSON is kept, so recomputing an unchanged view sends nothing. While `isQuiet()` (the load that
 * the first snapshot is built from), changes are stored but not sent.
 *
 * @example
 * const store = createViewStore(batcher, () => false);
 * store.put('lease', view.key, view); // true: sent
 * store.put('lease', view.key, view); // false: unchanged
 */
export function createViewStore(
  sink: Pick<DeltaBatcher, 'upsert' | 'remove'>,
  isQuiet: () => boolean,
): ViewStore {
  // One empty map per entity kind of the contract.
  const views = Object.fromEntries(
    EntityKindSchema.options.map((entity) => [entity, new Map()]),
  ) as ViewMaps;
  const viewJson = new Map<string, string>(); // `${entity}:${key}` -> JSON

  function put(entity: EntityKind, key: string, view: unknown): boolean {
    const id = `${entity}:${key}`;
    const map = views[entity] as Map<string, unknown>;
    if (view === undefined) {
      if (!map.has(key)) return false;
      map.delete(key);
      viewJson.delete(id);
      if (!isQuiet()) sink.remove(entity, key);
      return true;
    }
    const json = JSON.stringify(view);
    if (viewJson.get(id) === json) return false;
    viewJson.set(id, json);
    map.set(key, view);
    if (!isQuiet()) sink.upsert(entity, key, view);
    return true;
  }

  function putDiagnostic(change: DiagnosticChange): void {
    if (change.op === 'upsert') {
      views.diagnostic.set(change.view.key, change.view);
      sink.upsert('diagnostic', change.view.key, change.view);
    } else {
      views.diagnostic.delete(change.key);
      sink.remove('diagnostic', change.key);
    }
  }

  function subject(entity: string, key: string): AttentionSubject | undefined {
    const kind = EntityKindSchema.safeParse(entity);
    if (!kind.success || kind.data === 'attention') return undefined;
    const view = views[kind.data].get(key);
    // The map of `kind` holds that kind's views: the pair matches one member of the union.
    return view && ({ entity: kind.data, view } as AttentionSubject);
  }

  function snapshot(): ModelSnapshot {
    const byKey = <T extends { key: string }>(map: Map<string, T>): T[] =>
      [...map.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return {
      leases: byKey(views.lease),
      agents: byKey(views.agent),
      rooms: byKey(views.room),
      runs: byKey(views.run),
      handoffs: byKey(views.handoff),
      barriers: byKey(views.barrier),
      unsettled: byKey(views.unsettled),
      attention: [...views.attention.values()].sort(compareAttention),
      diagnostics: byKey(views.diagnostic),
    };
  }

  return { views, put, putDiagnostic, subject, snapshot };
}
