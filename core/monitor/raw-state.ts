import type { BarrierStatus } from '../barriers/index.ts';
import type { UnsettledView as DomainUnsettledView } from '../unsettled/index.ts';
import type { AgentRaw } from './entities/agent-entity.ts';
import type { HandoffRaw } from './entities/handoff-entity.ts';
import type { LeaseRaw } from './entities/lease-entity.ts';
import type { RoomRaw } from './entities/room-entity.ts';
import type { RunRaw } from './entities/run-entity.ts';

/** Entities whose views the fleet model derives (and schedules deadlines for). */
export type Derived = 'lease' | 'agent' | 'room' | 'run' | 'handoff' | 'barrier' | 'unsettled';

/** The derived entities in settle order: agents first, since leases show their holder's liveness. */
export const DERIVED: readonly Derived[] = [
  'agent',
  'lease',
  'run',
  'room',
  'handoff',
  'barrier',
  'unsettled',
];

/** Every record the model holds, as last read, by its key. */
export interface RawRecords {
  lease: Map<string, LeaseRaw>;
  agent: Map<string, AgentRaw>;
  room: Map<string, RoomRaw>;
  run: Map<string, RunRaw>;
  handoff: Map<string, HandoffRaw>;
  barrier: Map<string, BarrierStatus>;
  unsettled: Map<string, DomainUnsettledView>;
}

/** What the next settle recomputes: views by entity kind, and attention by subject key. */
export type DirtyMarks = Record<Derived, Set<string>> & { attention: Set<string> };

/**
 * Empty raw records.
 *
 * @example
 * const raw = createRawRecords(); raw.lease.size; // 0
 */
export function createRawRecords(): RawRecords {
  // An empty map holds no value of the wrong type: one per derived kind.
  const empty = Object.fromEntries(DERIVED.map((entity) => [entity, new Map<string, never>()]));
  return empty as Record<Derived, Map<string, never>>;
}

/**
 * No marks.
 *
 * @example
 * const dirty = createDirtyMarks(); dirty.lease.add('locks/a.lock.d');
 */
export function createDirtyMarks(): DirtyMarks {
  const views = Object.fromEntries(DERIVED.map((entity) => [entity, new Set<string>()]));
  return { ...(views as Record<Derived, Set<string>>), attention: new Set() };
}

/**
 * An attention subject's key: its entity kind and its key in that kind.
 *
 * @example
 * subjectKey('lease', 'locks/a.lock.d'); // 'lease:locks/a.lock.d'
 */
export function subjectKey(entity: string, key: string): string {
  return `${entity}:${key}`;
}

/** The inverse of {@link subjectKey} (keys may contain `:`; entity kinds do not). */
export function splitSubject(subject: string): [string, string] {
  const at = subject.indexOf(':');
  return [subject.slice(0, at), subject.slice(at + 1)];
}

/** True when `entity` names a derived entity kind. */
export function isDerived(entity: string): entity is Derived {
  return (DERIVED as readonly string[]).includes(entity);
}

/** Take every item out of a set (the set is empty afterwards). */
export function drainSet<T>(set: Set<T>): T[] {
  const items = [...set];
  set.clear();
  return items;
}

/** A thrown value as an Error, for the engine's log. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
