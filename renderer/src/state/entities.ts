import type { z } from 'zod';
import {
  AgentViewSchema,
  AttentionItemSchema,
  BarrierViewSchema,
  DiagnosticViewSchema,
  HandoffViewSchema,
  LeaseViewSchema,
  RoomViewSchema,
  RunViewSchema,
  UnsettledViewSchema,
  type Change,
  type EntityKind,
  type EntityViewOf,
  type Snapshot,
} from '../../../core/api/views.ts';

/** The fleet model as the UI holds it: every entity of the snapshot, keyed by `key`. */
export type EntityMaps = { readonly [K in EntityKind]: ReadonlyMap<string, EntityViewOf[K]> };

const SCHEMAS: { [K in EntityKind]: z.ZodType<EntityViewOf[K]> } = {
  lease: LeaseViewSchema,
  agent: AgentViewSchema,
  room: RoomViewSchema,
  run: RunViewSchema,
  handoff: HandoffViewSchema,
  barrier: BarrierViewSchema,
  unsettled: UnsettledViewSchema,
  diagnostic: DiagnosticViewSchema,
  attention: AttentionItemSchema,
};

export const ENTITY_KINDS = Object.keys(SCHEMAS) as EntityKind[];

export function emptyEntities(): EntityMaps {
  return {
    lease: new Map(),
    agent: new Map(),
    room: new Map(),
    run: new Map(),
    handoff: new Map(),
    barrier: new Map(),
    unsettled: new Map(),
    diagnostic: new Map(),
    attention: new Map(),
  };
}

function keyed<V extends { key: string }>(items: readonly V[]): Map<string, V> {
  const map = new Map<string, V>();
  for (const item of items) map.set(item.key, item);
  return map;
}

export function entitiesFromSnapshot(snapshot: Snapshot): EntityMaps {
  return {
    lease: keyed(snapshot.leases),
    agent: keyed(snapshot.agents),
    room: keyed(snapshot.rooms),
    run: keyed(snapshot.runs),
    handoff: keyed(snapshot.handoffs),
    barrier: keyed(snapshot.barriers),
    unsettled: keyed(snapshot.unsettled),
    diagnostic: keyed(snapshot.diagnostics),
    attention: keyed(snapshot.attention),
  };
}

export type ApplyResult = {
  entities: EntityMaps;
  rejected: { kind: EntityKind; key: string; message: string }[];
};

/**
 * Fold entity changes into the maps. Only the kinds a batch touches get new Map objects, so
 * a selector on an untouched kind keeps its identity and its component does not re-render.
 * An upsert whose value fails its schema is rejected (and reported), never stored half-valid.
 */
export function applyChanges(entities: EntityMaps, changes: readonly Change[]): ApplyResult {
  const copies = new Map<EntityKind, Map<string, unknown>>();
  const rejected: ApplyResult['rejected'] = [];
  const writable = (kind: EntityKind): Map<string, unknown> => {
    let copy = copies.get(kind);
    if (!copy) {
      copy = new Map(entities[kind] as ReadonlyMap<string, unknown>);
      copies.set(kind, copy);
    }
    return copy;
  };
  for (const change of changes) {
    if (change.op === 'remove') {
      if (entities[change.entity].has(change.key) || copies.has(change.entity)) {
        writable(change.entity).delete(change.key);
      }
      continue;
    }
    const parsed = SCHEMAS[change.entity].safeParse(change.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      rejected.push({
        kind: change.entity,
        key: change.key,
        message: issue ? `${issue.path.join('.') || 'value'}: ${issue.message}` : 'invalid',
      });
      continue;
    }
    writable(change.entity).set(change.key, parsed.data);
  }
  if (copies.size === 0) return { entities, rejected };
  const next = { ...entities } as Record<EntityKind, ReadonlyMap<string, unknown>>;
  for (const [kind, map] of copies) next[kind] = map;
  return { entities: next as EntityMaps, rejected };
}
