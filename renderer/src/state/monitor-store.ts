import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  checkSequence,
  type ConnectionState,
  type ProtocolProblem,
  type SequenceVerdict,
} from '../../../core/api/client.ts';
import type { RequestOutput } from '../../../core/api/contract.ts';
import type { Change, Delta, EngineStatus, Snapshot } from '../../../core/api/views.ts';
import { INITIAL_CLOCK, updateClock, type ClockState } from './clock.ts';
import { applyChanges, emptyEntities, entitiesFromSnapshot, type EntityMaps } from './entities.ts';

export type Info = RequestOutput<'info'>;

/**
 * The fleet model as last received, plus what the UI needs to tell the operator how current it
 * is. Deltas apply in order; a gap in `seq` means the model here may be wrong, so the store says
 * so (`needsResync`) and the sync loop fetches a snapshot.
 */
export type MonitorState = {
  entities: EntityMaps;
  /** Seq of the last delta folded in; undefined before the first snapshot. */
  seq: number | undefined;
  status: EngineStatus | undefined;
  connection: ConnectionState;
  info: Info | undefined;
  clock: ClockState;
  /** True once a snapshot for the current connection is applied (until a gap or a drop). */
  synced: boolean;
  /** Local time the model was last known current (a snapshot or delta applied). */
  last_update_ms: number | undefined;
  resyncs: number;
  problems: ProtocolProblem[];
};

export type MonitorActions = {
  /** `sentAtMs`: when the request left, so the clock sample can use the round trip's midpoint. */
  applySnapshot(snapshot: Snapshot, receivedAtMs: number, sentAtMs?: number): void;
  /** Apply deltas in order in one update; returns `gap` if one was missing (the rest are not applied). */
  applyDeltas(
    deltas: readonly Delta[],
    receivedAtMs: number,
  ): { verdict: SequenceVerdict; applied: number };
  setStatus(status: EngineStatus): void;
  setConnection(connection: ConnectionState): void;
  setInfo(info: Info, receivedAtMs: number, sentAtMs?: number): void;
  /** The operator's own action succeeded: show its effect at once, before the engine's delta. */
  applyLocal(changes: readonly Change[]): void;
  reportProblem(problem: ProtocolProblem): void;
};

export type MonitorStore = StoreApi<MonitorState & MonitorActions>;

const MAX_PROBLEMS = 20;

export function createMonitorStore(): MonitorStore {
  return createStore<MonitorState & MonitorActions>((set, get) => ({
    entities: emptyEntities(),
    seq: undefined,
    status: undefined,
    connection: { state: 'connecting', attempt: 0 },
    info: undefined,
    clock: INITIAL_CLOCK,
    synced: false,
    last_update_ms: undefined,
    resyncs: 0,
    problems: [],

    applySnapshot(snapshot, receivedAtMs, sentAtMs) {
      set((s) => ({
        entities: entitiesFromSnapshot(snapshot),
        seq: snapshot.seq,
        status: snapshot.status,
        clock: updateClock(s.clock, snapshot.server_time_ms, receivedAtMs, sentAtMs),
        synced: true,
        last_update_ms: receivedAtMs,
        resyncs: s.seq === undefined ? s.resyncs : s.resyncs + 1,
      }));
    },

    applyDeltas(deltas, receivedAtMs) {
      const s = get();
      let { seq, status, clock, entities } = s;
      const rejected: ProtocolProblem[] = [];
      let applied = 0;
      let verdict: SequenceVerdict = 'old';
      for (const delta of deltas) {
        const v = checkSequence(seq, delta.seq);
        if (v === 'old') continue;
        if (v === 'gap') {
          verdict = 'gap';
          break;
        }
        verdict = 'next';
        const result = applyChanges(entities, delta.changes);
        entities = result.entities;
        for (const r of result.rejected)
          rejected.push({ where: `${r.kind} ${r.key}`, message: r.message });
        seq = delta.seq;
        if (delta.status) status = delta.status;
        clock = updateClock(clock, delta.server_time_ms, receivedAtMs);
        applied += 1;
      }
      if (applied > 0 || verdict === 'gap') {
        set({
          entities,
          seq,
          status,
          clock,
          last_update_ms: applied > 0 ? receivedAtMs : s.last_update_ms,
          synced: verdict !== 'gap' && s.synced,
          problems:
            rejected.length > 0 ? [...s.problems, ...rejected].slice(-MAX_PROBLEMS) : s.problems,
        });
      }
      return { verdict, applied };
    },

    setStatus(status) {
      set({ status });
    },

    setConnection(connection) {
      // A dropped connection may have missed deltas: the model is the last known state now.
      set(connection.state === 'open' ? { connection } : { connection, synced: false });
    },

    setInfo(info, receivedAtMs, sentAtMs) {
      set((s) => ({
        info,
        clock: updateClock(s.clock, info.server_time_ms, receivedAtMs, sentAtMs),
      }));
    },

    applyLocal(changes) {
      set((s) => ({ entities: applyChanges(s.entities, changes).entities }));
    },

    reportProblem(problem) {
      set((s) => ({ problems: [...s.problems, problem].slice(-MAX_PROBLEMS) }));
    },
  }));
}

/** The model on screen is not known to be current: say so and dim it, but keep it visible. */
export function isDataStale(s: Pick<MonitorState, 'connection' | 'synced' | 'status'>): boolean {
  return s.connection.state !== 'open' || !s.synced || s.status?.state === 'unavailable';
}
