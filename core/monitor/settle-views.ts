import type { RoomView } from '../api/views.ts';
import { agentView } from './entities/agent-entity.ts';
import { barrierView } from './entities/barrier-entity.ts';
import { handoffView } from './entities/handoff-entity.ts';
import { leaseView } from './entities/lease-entity.ts';
import { roomView } from './entities/room-entity.ts';
import { runView } from './entities/run-entity.ts';
import { unsettledView } from './entities/unsettled-entity.ts';
import type { HistoryPort } from './history-port.ts';
import type { LeaseIndex } from './lease-index.ts';
import { asError, drainSet, subjectKey, type DirtyMarks, type RawRecords } from './raw-state.ts';
import type { SubjectDeadlines } from './subject-deadlines.ts';
import type { TransitionRecorder } from './transition-recorder.ts';
import type { ViewStore } from './view-store.ts';

/** What recomputing views reads and writes. */
export interface SettleViewsParts {
  raw: RawRecords;
  dirty: DirtyMarks;
  store: ViewStore;
  leases: LeaseIndex;
  deadlines: SubjectDeadlines;
  transitions: TransitionRecorder;
  history: HistoryPort | undefined;
  onError: (error: Error, context: string) => void;
}

/**
 * Recompute every view marked dirty at time `t`, in dependency order, and mark what depends on
 * a view that changed: an agent whose liveness changed marks its leases (they show their
 * holder's liveness) and every barrier's attention; a lease marks its run and its holder's
 * attention; a run marks its leases' attention. Every changed view marks its own attention.
 *
 * @example
 * settleViews(Date.now(), parts); // then the attention pass
 */
export function settleViews(t: number, parts: SettleViewsParts): void {
  settleAgents(t, parts);
  settleLeases(t, parts);
  settleRuns(t, parts);
  settleRooms(parts);
  const { raw, dirty, store } = parts;
  for (const id of drainSet(dirty.handoff)) {
    const handoff = raw.handoff.get(id);
    if (store.put('handoff', id, handoff ? handoffView(handoff) : undefined))
      dirty.attention.add(subjectKey('handoff', id));
  }
  for (const name of drainSet(dirty.barrier)) {
    const status = raw.barrier.get(name);
    if (store.put('barrier', name, status ? barrierView(status) : undefined)) {
      dirty.attention.add(subjectKey('barrier', name));
    }
  }
  for (const id of drainSet(dirty.unsettled)) {
    const read = raw.unsettled.get(id);
    if (store.put('unsettled', id, read ? unsettledView(read) : undefined)) {
      dirty.attention.add(subjectKey('unsettled', id));
    }
  }
}

/** Store a view that also changes by time, with its deadline; true when it changed (its
 *  attention is then marked). */
function putTimed(
  parts: SettleViewsParts,
  entity: 'agent' | 'lease',
  key: string,
  derived: { view: unknown; deadline_ms?: number } | undefined,
): boolean {
  const changed = parts.store.put(entity, key, derived?.view);
  parts.deadlines.setViewDeadline(entity, key, derived?.deadline_ms);
  if (changed) parts.dirty.attention.add(subjectKey(entity, key));
  return changed;
}

function settleAgents(t: number, parts: SettleViewsParts): void {
  const { raw, dirty, store, leases } = parts;
  for (const id of drainSet(dirty.agent)) {
    const agent = raw.agent.get(id);
    const before = store.views.agent.get(id);
    const held = () =>
      [...leases.heldBy(id)]
        .map((k) => raw.lease.get(k)?.resource_path)
        .filter((r): r is string => r !== undefined)
        .sort();
    if (!putTimed(parts, 'agent', id, agent && agentView(agent, t, held()))) continue;
    const after = store.views.agent.get(id);
    if (before?.liveness !== after?.liveness) {
      for (const key of leases.heldBy(id)) dirty.lease.add(key);
      for (const name of raw.barrier.keys()) dirty.attention.add(subjectKey('barrier', name));
      parts.transitions.agent(id, before, after, t);
    }
  }
}

function settleLeases(t: number, parts: SettleViewsParts): void {
  const { raw, dirty, store } = parts;
  const livenessOf = (id: string) => store.views.agent.get(id)?.liveness;
  for (const key of drainSet(dirty.lease)) {
    const lease = raw.lease.get(key);
    const before = store.views.lease.get(key);
    if (!putTimed(parts, 'lease', key, lease && leaseView(lease, t, livenessOf))) continue;
    const after = store.views.lease.get(key);
    for (const v of [before, after]) {
      if (v?.holder !== undefined) dirty.attention.add(subjectKey('agent', v.holder));
      if (v?.run_id !== undefined && raw.run.has(v.run_id)) dirty.run.add(v.run_id);
    }
    parts.transitions.lease(key, before, after, t);
  }
}

function settleRuns(t: number, parts: SettleViewsParts): void {
  const { raw, dirty, store } = parts;
  for (const id of drainSet(dirty.run)) {
    const run = raw.run.get(id);
    const before = store.views.run.get(id);
    const lease = store.views.lease.get(`runs/${id}/lease.lock.d`);
    if (!store.put('run', id, run ? runView(run, lease) : undefined)) continue;
    dirty.attention.add(subjectKey('run', id));
    for (const key of parts.leases.ofRun(id)) dirty.attention.add(subjectKey('lease', key));
    parts.transitions.run(id, before, store.views.run.get(id), t);
  }
}

/** Rooms read their statistics and unread counts from the history index. */
function settleRooms(parts: SettleViewsParts): void {
  const { raw, dirty, store, history } = parts;
  for (const key of drainSet(dirty.room)) {
    const room = raw.room.get(key);
    let view: RoomView | undefined;
    if (room) {
      let stats;
      try {
        stats = history?.roomStats(key);
      } catch (error) {
        parts.onError(asError(error), `room stats of ${key}`);
      }
      view = roomView(room, stats, (cursor) => {
        if (!history) return 0;
        try {
          return history.unreadCount(key, cursor);
        } catch {
          return 0;
        }
      });
    }
    if (store.put('room', key, view)) dirty.attention.add(subjectKey('room', key));
  }
}
