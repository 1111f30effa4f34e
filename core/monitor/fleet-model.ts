import fs, { type Stats } from 'node:fs';
import path from 'node:path';
import type {
  AgentView,
  AttentionItem,
  BarrierView,
  DiagnosticView,
  EntityKind,
  HandoffView,
  LeaseView,
  RoomView,
  RunView,
  Snapshot,
  UnsettledView,
} from '../api/views.ts';
import { BatonError } from '../errors.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { readUnsettled, type UnsettledView as DomainUnsettledView } from '../unsettled/index.ts';
import { compareAttention, type AttentionContext } from './attention/attention-context.ts';
import { evaluateAttention, type AttentionSubject } from './attention/evaluate-attention.ts';
import type { Thresholds } from './attention/thresholds.ts';
import { classifyPath, classifyRel, type PathClass } from './classify-path.ts';
import type { DeltaBatcher } from './delta-batcher.ts';
import { createDeadlineScheduler, type DeadlineScheduler } from './deadline-scheduler.ts';
import { createDiagnosticsIndex } from './diagnostics-index.ts';
import { agentView, loadAgent, pidDied, type AgentRaw } from './entities/agent-entity.ts';
import { barrierView, loadBarrier } from './entities/barrier-entity.ts';
import { handoffView, loadHandoff, type HandoffRaw } from './entities/handoff-entity.ts';
import {
  leaseHolder,
  leaseRunId,
  leaseView,
  loadLease,
  type LeaseRaw,
} from './entities/lease-entity.ts';
import { loadConsumer, loadRoom, roomView, type RoomRaw } from './entities/room-entity.ts';
import { loadRun, runView, type RunRaw } from './entities/run-entity.ts';
import type { RunRecord } from '../runs/run-schema.ts';
import { createCountSeries } from './count-series.ts';
import { unsettledView } from './entities/unsettled-entity.ts';
import type { HistoryPort } from './history-port.ts';
import { walkTree } from './tree-walk.ts';
import type { WatchEvent } from './watcher.ts';

export interface FleetModelOptions {
  /** The coordination directory (absolute). */
  root: string;
  /** The history index; undefined when it could not be opened (rooms then show no stats). */
  history: HistoryPort | undefined;
  thresholds: Thresholds;
  now: () => number;
  /** Where view changes go (batched into deltas). */
  sink: Pick<DeltaBatcher, 'upsert' | 'remove'>;
  /** A failure the model survived (an I/O error, a history error), for the engine's log. */
  onError: (error: Error, context: string) => void;
  /** The history index failed to sync a file (a message), or synced one again (undefined). */
  onHistoryProblem?: (message: string | undefined) => void;
}

/** The model's views, in snapshot form (sorted), without seq/time/status. */
export type ModelSnapshot = Omit<Snapshot, 'seq' | 'server_time_ms' | 'status'>;

export interface FleetModel {
  /** Read the whole directory (initial load, or after it became readable again). `quiet`: the
   *  load sends no deltas (only before anyone can have taken a snapshot). */
  scan(quiet: boolean): void;
  /** A path the watcher reported. */
  handlePath(absolute: string, event: WatchEvent, stats?: Stats): void;
  /** Read everything again without blocking, sending only differences (after the watcher's
   *  initial walk, to catch changes made before it covered their directories). */
  rescan(): Promise<void>;
  /** Safety poll: JSONL files whose size or identity changed unseen, and dead agent pids. */
  poll(): void;
  /** Re-read one entity now (after an operator action) and settle; resolves when done. */
  refresh(cls: PathClass): Promise<void>;
  /** Recompute every room from the history (indexing progressed). */
  refreshRooms(): void;
  /** Resolves once every queued read and index sync has been applied. */
  idle(): Promise<void>;
  snapshot(): ModelSnapshot;
  lease(key: string): LeaseView | undefined;
  /** A lease by key, or by resource path (`locks/` first, then a run's lease). */
  findLease(resourceOrKey: string): LeaseView | undefined;
  agent(id: string): AgentView | undefined;
  room(key: string): RoomView | undefined;
  run(id: string): RunView | undefined;
  handoff(id: string): HandoffView | undefined;
  unsettled(pipelineId: string): UnsettledView | undefined;
  attention(): AttentionItem[];
  /** The run's record as last read (the history fences its checkpoints with it). */
  runRecord(id: string): RunRecord | undefined;
  /** How many attention items there were at time `t` (for the timeline), as far as this
   *  process has seen. */
  attentionAt(t: number): number;
  /** Since when {@link attentionAt} knows the count (Infinity before the first settle). */
  attentionSince(): number;
  /** Line diagnostics the history index found in a JSONL file (cold indexing included). */
  addJsonlDiagnostics(diagnostics: readonly Diagnostic[]): void;
  close(): void;
}

type ViewMaps = {
  lease: Map<string, LeaseView>;
  agent: Map<string, AgentView>;
  room: Map<string, RoomView>;
  run: Map<string, RunView>;
  handoff: Map<string, HandoffView>;
  barrier: Map<string, BarrierView>;
  unsettled: Map<string, UnsettledView>;
  diagnostic: Map<string, DiagnosticView>;
  attention: Map<string, AttentionItem>;
};

/** Entities whose views the model derives (and schedules deadlines for). */
type Derived = 'lease' | 'agent' | 'room' | 'run' | 'handoff' | 'barrier' | 'unsettled';
const DERIVED: readonly Derived[] = [
  'agent',
  'lease',
  'run',
  'room',
  'handoff',
  'barrier',
  'unsettled',
];
/** Line diagnostics kept per JSONL file (the first ones found). */
const MAX_LINE_DIAGNOSTICS = 50;

/**
 * The in-memory fleet model: raw records as last read, the contract's views derived from them
 * at the current time, diagnostics, and the attention queue. Reads only what changed: a record
 * is re-read when its file changes, a JSONL file is synced into the history index from its
 * last offset. Views are recomputed only for entities marked dirty (by a read, by a related
 * entity, or by a deadline), diffed against what clients have, and pushed to the sink.
 *
 * Dependencies between entities: a lease shows its holder's liveness; an agent lists the leases
 * its owner records hold; a run shows its lease's state (and is orphaned when that lease is
 * stale or gone); attention items read across them. When one changes, the dependents are
 * marked dirty and recomputed in the same settle, in dependency order.
 *
 * @example
 * const model = createFleetModel({ root, history, thresholds, now: Date.now, sink: batcher, onError });
 * model.scan();
 */
export function createFleetModel(options: FleetModelOptions): FleetModel {
  const { root, history, thresholds, sink } = options;
  const realRoot = realpathOr(root);
  const now = options.now;

  // ---- raw state, as last read
  const leaseRaw = new Map<string, LeaseRaw>();
  const agentRaw = new Map<string, AgentRaw>();
  const roomRaw = new Map<string, RoomRaw>();
  const runRaw = new Map<string, RunRaw>();
  const handoffRaw = new Map<string, HandoffRaw>();
  const barrierNames = new Set<string>();
  const unsettledRaw = new Map<string, DomainUnsettledView>();
  const barrierRaw = new Map<string, ReturnType<typeof loadBarrier>>();

  // ---- indexes over raw state
  const holderIndex = new Map<string, Set<string>>(); // agent id -> lease keys
  const runLeaseIndex = new Map<string, Set<string>>(); // run id -> lease keys

  // ---- derived views (what clients have) and their JSON for change detection
  const views: ViewMaps = {
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
  const viewJson = new Map<string, string>(); // `${entity}:${key}` -> JSON
  const viewDeadline = new Map<string, number>(); // subject -> next time-driven change of its view
  const attentionBySubject = new Map<string, Map<string, AttentionItem>>();
  const diagnostics = createDiagnosticsIndex(root);

  // ---- work
  const dirty: Record<Derived, Set<string>> = {
    lease: new Set(),
    agent: new Set(),
    room: new Set(),
    run: new Set(),
    handoff: new Set(),
    barrier: new Set(),
    unsettled: new Set(),
  };
  const attentionDirty = new Set<string>(); // subject keys
  const pending = new Map<string, PathClass>(); // work key -> class
  const syncQueue = new Set<string>(); // absolute JSONL paths awaiting history.syncFile
  const jsonlSeen = new Map<string, string>(); // absolute path -> stat signature at last sync
  const pathSignatures = new Map<string, string>(); // absolute path -> signature when last queued
  const jsonlDiagnostics = new Map<string, Map<string, Diagnostic>>(); // file -> its line diagnostics
  const attentionCounts = createCountSeries();
  let drainScheduled = false;
  let syncing: Promise<void> | undefined;
  let scanning = false;
  let baselined = false;
  let closed = false;

  const scheduler: DeadlineScheduler = createDeadlineScheduler({
    now,
    onDue: (subjects) => {
      for (const subject of subjects) {
        const [entity, key] = splitSubject(subject);
        if ((DERIVED as readonly string[]).includes(entity)) dirty[entity as Derived].add(key);
        attentionDirty.add(subject);
      }
      settle();
    },
  });

  // ------------------------------------------------------------------ reading

  function workKey(cls: PathClass): string | undefined {
    switch (cls.kind) {
      case 'lease':
        return `lease:${cls.key}`;
      case 'agent':
        return `agent:${cls.id}`;
      case 'room':
        return `room:${cls.key}`;
      case 'cursor':
        return `cursor:${cls.room_key}/${cls.consumer}`;
      case 'run':
        return `run:${cls.run_id}`;
      case 'checkpoints':
        return `checkpoints:${cls.run_id}`;
      case 'handoff':
        return `handoff:${cls.id}`;
      case 'barrier':
        return `barrier:${cls.name}`;
      case 'unsettled':
        return `unsettled:${cls.pipeline_id}`;
      case 'audit':
        return `audit:${cls.log}`;
      case 'container':
        return `container:${cls.rel}`;
      case 'root':
        return undefined;
    }
  }

  function enqueue(cls: PathClass): void {
    const key = workKey(cls);
    if (key === undefined || closed) return;
    pending.set(key, cls);
    if (!drainScheduled) {
      drainScheduled = true;
      setImmediate(drain);
    }
  }

  function drain(): void {
    drainScheduled = false;
    if (closed) return;
    const work = [...pending.values()];
    pending.clear();
    for (const cls of work) {
      try {
        reload(cls, false);
      } catch (error) {
        options.onError(asError(error), `reading ${describe(cls)}`);
      }
    }
    settle();
    pumpSync();
  }

  /** Re-read one entity's raw state. JSONL work is queued for the history sync. */
  function reload(cls: PathClass, fromScan: boolean): void {
    const t = now();
    switch (cls.kind) {
      case 'lease':
        return reloadLease(cls.key, cls.resource, cls.lock_path, t);
      case 'agent':
        return reloadAgent(cls.id);
      case 'room': {
        // A known room's appends only move its size (the sync refreshes it); its consumers
        // change through their own cursor files.
        const known = roomRaw.get(cls.key);
        if (!known || fromScan || !history) reloadRoom(cls.key);
        if (!fromScan) queueSync(roomFilePath(cls.key));
        return;
      }
      case 'cursor':
        return reloadCursor(cls.room_key, cls.consumer);
      case 'run':
        return reloadRun(cls.run_id, t);
      case 'checkpoints':
        if (!fromScan) queueSync(path.join(root, 'runs', cls.run_id, 'checkpoints.jsonl'));
        return reloadRun(cls.run_id, t);
      case 'handoff':
        return reloadHandoff(cls.id, t);
      case 'barrier':
        return reloadBarrier(cls.name);
      case 'unsettled':
        return reloadUnsettled(cls.pipeline_id, t);
      case 'audit':
        if (!fromScan) queueSync(path.join(root, 'audit', `${cls.log}.jsonl`));
        if (cls.log === 'lifecycle') reloadAllUnsettled(t);
        return;
      case 'container':
        return reloadContainer(cls.rel);
      case 'root':
        return;
    }
  }

  function reloadLease(key: string, resource: string, lockPath: string, t: number): void {
    const before = leaseRaw.get(key);
    const raw = loadLease(key, resource, lockPath, t);
    unindexLease(before);
    if (raw) {
      leaseRaw.set(key, raw);
      indexLease(raw);
    } else {
      leaseRaw.delete(key);
    }
    setDiagnostics(`lease:${key}`, raw?.diagnostic ? [raw.diagnostic] : []);
    dirty.lease.add(key);
    // The holder's held leases and the run's lease state follow this record.
    for (const r of [before, raw]) {
      if (!r) continue;
      const holder = leaseHolder(r);
      if (holder !== undefined && agentRaw.has(holder)) dirty.agent.add(holder);
      const runId = leaseRunId(r);
      if (runId !== undefined && runRaw.has(runId)) dirty.run.add(runId);
    }
  }

  function indexLease(raw: LeaseRaw): void {
    const holder = leaseHolder(raw);
    if (holder !== undefined) addTo(holderIndex, holder, raw.key);
    const runId = leaseRunId(raw);
    if (runId !== undefined) addTo(runLeaseIndex, runId, raw.key);
  }

  function unindexLease(raw: LeaseRaw | undefined): void {
    if (!raw) return;
    const holder = leaseHolder(raw);
    if (holder !== undefined) removeFrom(holderIndex, holder, raw.key);
    const runId = leaseRunId(raw);
    if (runId !== undefined) removeFrom(runLeaseIndex, runId, raw.key);
  }

  function reloadAgent(id: string): void {
    const raw = loadAgent(root, id);
    if (raw) agentRaw.set(id, raw);
    else agentRaw.delete(id);
    setDiagnostics(`agent:${id}`, raw?.diagnostic ? [raw.diagnostic] : []);
    dirty.agent.add(id);
  }

  function roomFilePath(key: string): string {
    const [scope, scopeId, room] = key.split('/') as [string, string, string];
    return path.join(root, 'rooms', scope, scopeId, `${room}.jsonl`);
  }

  function reloadRoom(key: string): void {
    const [scope, scopeId, room] = key.split('/') as [string, string, string];
    const cls = classifyRel(root, `rooms/${scope}/${scopeId}/${room}.jsonl`);
    if (!cls || cls.kind !== 'room') return;
    const raw = loadRoom(root, { scope: cls.scope, scope_id: cls.scope_id, room: cls.room });
    if (raw) roomRaw.set(key, raw);
    else roomRaw.delete(key);
    const consumerDiagnostics: Diagnostic[] = [];
    for (const consumer of raw?.consumers.values() ?? []) {
      if (consumer.diagnostic) consumerDiagnostics.push(consumer.diagnostic);
    }
    setDiagnostics(`room:${key}`, consumerDiagnostics);
    dirty.room.add(key);
  }

  function reloadCursor(roomKey: string, consumer: string): void {
    const raw = roomRaw.get(roomKey);
    if (!raw) {
      reloadRoom(roomKey);
      return;
    }
    const file = path.join(path.dirname(raw.file), `${raw.room}.consumers`, `${consumer}.json`);
    const read = loadConsumer(file);
    if (read) raw.consumers.set(consumer, read);
    else raw.consumers.delete(consumer);
    if (!raw.exists && raw.consumers.size === 0) roomRaw.delete(roomKey);
    const consumerDiagnostics: Diagnostic[] = [];
    for (const c of raw.consumers.values())
      if (c.diagnostic) consumerDiagnostics.push(c.diagnostic);
    setDiagnostics(`room:${roomKey}`, consumerDiagnostics);
    dirty.room.add(roomKey);
  }

  function reloadRun(runId: string, t: number): void {
    // The run's lease is read with it: a run seen before its lease would read as orphaned.
    const leaseKey = `runs/${runId}/lease.lock.d`;
    reloadLease(leaseKey, `runs/${runId}`, path.join(root, leaseKey), t);
    const raw = loadRun(root, runId, t);
    if (raw) runRaw.set(runId, raw);
    else runRaw.delete(runId);
    setDiagnostics(`run:${runId}`, raw?.diagnostics ?? []);
    dirty.run.add(runId);
  }

  function reloadHandoff(id: string, t: number): void {
    const raw = loadHandoff(root, id, t);
    if (raw) handoffRaw.set(id, raw);
    else handoffRaw.delete(id);
    setDiagnostics(`handoff:${id}`, raw?.diagnostics ?? []);
    dirty.handoff.add(id);
  }

  function reloadBarrier(name: string): void {
    const status = loadBarrier(root, name);
    if (status) {
      barrierRaw.set(name, status);
      barrierNames.add(name);
    } else {
      barrierRaw.delete(name);
      barrierNames.delete(name);
    }
    setDiagnostics(`barrier:${name}`, status?.diagnostics ?? []);
    dirty.barrier.add(name);
  }

  function reloadUnsettled(pipelineId: string, t: number): void {
    let read: DomainUnsettledView | undefined;
    try {
      read = readUnsettled(root, pipelineId, { now: t });
    } catch (error) {
      if (!(
        error instanceof BatonError &&
        (error.code === 'not_found' || error.code === 'invalid_argument')
      )) {
        throw error;
      }
    }
    applyUnsettled(pipelineId, read);
  }

  function applyUnsettled(pipelineId: string, read: DomainUnsettledView | undefined): void {
    if (read) unsettledRaw.set(pipelineId, read);
    else unsettledRaw.delete(pipelineId);
    setDiagnostics(`unsettled:${pipelineId}`, read?.diagnostics ?? []);
    dirty.unsettled.add(pipelineId);
  }

  /** The lifecycle log settles partial handoffs of any pipeline: re-read them all (one log read). */
  function reloadAllUnsettled(t: number): void {
    let reads: DomainUnsettledView[];
    try {
      reads = readUnsettled(root, undefined, { now: t });
    } catch (error) {
      options.onError(asError(error), 'reading unsettled work');
      return;
    }
    const seen = new Set<string>();
    for (const read of reads) {
      seen.add(read.pipeline_id);
      applyUnsettled(read.pipeline_id, read);
    }
    for (const id of [...unsettledRaw.keys()]) if (!seen.has(id)) applyUnsettled(id, undefined);
  }

  /** A directory appeared or vanished as a whole: re-read what is (or was) under it. */
  function reloadContainer(rel: string): void {
    const absolute = path.join(root, rel);
    let exists: boolean;
    try {
      exists = fs.statSync(absolute).isDirectory();
    } catch {
      exists = false;
    }
    if (exists) {
      walkTree(
        root,
        absolute,
        (entry) => {
          const cls = classifyRel(root, entry.rel);
          if (cls && cls.kind !== 'container') reload(cls, false);
        },
        (dir, error) => options.onError(error, `listing ${dir}`),
      );
    }
    // Whatever we knew under it that the walk did not refresh: re-read (finds it gone).
    const prefix = rel === '' ? '' : `${rel}/`;
    for (const { cls, rel: at } of knownEntities()) {
      if (prefix === '' || at === rel || at.startsWith(prefix)) reload(cls, false);
    }
  }

  /** Every entity the model holds raw state for, with the path it lives at (relative). */
  function knownEntities(): Array<{ cls: PathClass; rel: string }> {
    const list: Array<{ cls: PathClass; rel: string }> = [];
    for (const raw of leaseRaw.values()) {
      list.push({
        cls: { kind: 'lease', key: raw.key, resource: raw.resource_path, lock_path: raw.lock_path },
        rel: raw.key,
      });
    }
    for (const id of agentRaw.keys())
      list.push({ cls: { kind: 'agent', id }, rel: `agents/${id}.json` });
    for (const raw of roomRaw.values()) {
      list.push({
        cls: {
          kind: 'room',
          key: raw.key,
          scope: raw.scope,
          scope_id: raw.scope_id,
          room: raw.room,
        },
        rel: `rooms/${raw.key}.jsonl`,
      });
    }
    for (const id of runRaw.keys())
      list.push({ cls: { kind: 'run', run_id: id }, rel: `runs/${id}/run.json` });
    for (const raw of handoffRaw.values()) {
      const state = raw.read?.state ?? 'pending';
      list.push({ cls: { kind: 'handoff', id: raw.id }, rel: `handoffs/${state}/${raw.id}.json` });
    }
    for (const name of barrierNames)
      list.push({ cls: { kind: 'barrier', name }, rel: `barriers/${name}/-` });
    for (const id of unsettledRaw.keys()) {
      list.push({ cls: { kind: 'unsettled', pipeline_id: id }, rel: `unsettled/${id}.json` });
    }
    return list;
  }

  function setDiagnostics(source: string, list: readonly Diagnostic[]): void {
    for (const change of diagnostics.set(source, list, now())) {
      if (change.op === 'upsert') {
        views.diagnostic.set(change.view.key, change.view);
        sink.upsert('diagnostic', change.view.key, change.view);
        attentionDirty.add(subjectKey('diagnostic', change.view.key));
      } else {
        views.diagnostic.delete(change.key);
        sink.remove('diagnostic', change.key);
        attentionDirty.add(subjectKey('diagnostic', change.key));
      }
    }
  }

  // ------------------------------------------------------------------ history sync

  function queueSync(file: string): void {
    if (!history) return;
    syncQueue.add(file);
  }

  function pumpSync(): void {
    if (syncing || syncQueue.size === 0 || !history || closed) return;
    // One round syncs every queued file at once (the index serialises per file and interleaves
    // the rest), then the model settles once: at a high event rate, appends that arrive during
    // a round are coalesced into the next one.
    syncing = (async () => {
      while (syncQueue.size > 0 && !closed) {
        const files = [...syncQueue];
        syncQueue.clear();
        await Promise.all(files.map(syncOne));
        settle();
      }
    })().finally(() => {
      syncing = undefined;
      if (syncQueue.size > 0) pumpSync();
    });
  }

  async function syncOne(file: string): Promise<void> {
    jsonlSeen.set(file, signature(file));
    let result;
    try {
      result = await history!.syncFile(file);
    } catch (error) {
      options.onError(asError(error), `indexing ${path.relative(root, file)}`);
      options.onHistoryProblem?.(`history index: ${asError(error).message}`);
      return;
    }
    options.onHistoryProblem?.(undefined);
    if (closed) return;
    if (result.truncated) jsonlDiagnostics.delete(file);
    addJsonlDiagnostics(result.diagnostics, file);
    const cls = classifyPath(root, file);
    if (cls?.kind === 'room') {
      // The file grew, shrank or vanished: refresh its size (consumers have their own files).
      // Its statistics are recomputed only when the index took new lines or re-read it.
      const raw = roomRaw.get(cls.key);
      if (raw) {
        const size = statSize(file);
        const changed = raw.size !== (size ?? 0) || raw.exists !== (size !== undefined);
        raw.exists = size !== undefined;
        raw.size = size ?? 0;
        if (!raw.exists && raw.consumers.size === 0) roomRaw.delete(cls.key);
        if (changed || result.new_lines > 0 || result.truncated) dirty.room.add(cls.key);
      } else {
        reloadRoom(cls.key);
      }
    }
    if (cls?.kind === 'checkpoints' && (result.new_lines > 0 || result.truncated)) {
      dirty.run.add(cls.run_id);
    }
  }

  /** A path the history reported by the directory's real path, spelled under `root`. */
  function underRoot(file: string): string {
    if (realRoot !== root && file.startsWith(realRoot + path.sep))
      return root + file.slice(realRoot.length);
    return file;
  }

  /**
   * Keep a JSONL file's line diagnostics (at most {@link MAX_LINE_DIAGNOSTICS} per file: the
   * first ones found; a file that bad says enough). They live until the file is replaced,
   * truncated or removed (its lines never change otherwise: the log is append-only).
   */
  function addJsonlDiagnostics(list: readonly Diagnostic[], file?: string): void {
    const touched = new Set<string>();
    if (file) touched.add(file);
    for (const diagnostic of list) {
      const at = underRoot(diagnostic.path);
      let map = jsonlDiagnostics.get(at);
      if (!map) jsonlDiagnostics.set(at, (map = new Map()));
      if (map.size >= MAX_LINE_DIAGNOSTICS) continue;
      map.set(`${diagnostic.offset ?? ''}`, diagnostic);
      touched.add(at);
    }
    for (const at of touched)
      setDiagnostics(`jsonl:${at}`, [...(jsonlDiagnostics.get(at)?.values() ?? [])]);
  }

  // ------------------------------------------------------------------ deriving views

  function ctx(t: number): AttentionContext {
    return {
      now: t,
      thresholds,
      agent: (id) => views.agent.get(id),
      run: (id) => views.run.get(id),
      leasesHeldBy: (id) => {
        const keys = holderIndex.get(id);
        if (!keys) return [];
        const list: LeaseView[] = [];
        for (const key of keys) {
          const view = views.lease.get(key);
          if (view) list.push(view);
        }
        return list;
      },
      activeAgents: () => {
        const ids: string[] = [];
        for (const view of views.agent.values()) if (view.liveness === 'active') ids.push(view.id);
        return ids.sort();
      },
    };
  }

  /** Store a view; true when it differs from what clients have (and send the change). */
  function put(entity: EntityKind, key: string, view: unknown): boolean {
    const id = `${entity}:${key}`;
    const map = views[entity] as Map<string, unknown>;
    if (view === undefined) {
      if (!map.has(key)) return false;
      map.delete(key);
      viewJson.delete(id);
      if (!scanning) sink.remove(entity, key);
      return true;
    }
    const json = JSON.stringify(view);
    if (viewJson.get(id) === json) return false;
    viewJson.set(id, json);
    map.set(key, view);
    if (!scanning) sink.upsert(entity, key, view);
    return true;
  }

  function transition(
    entity: string,
    key: string,
    kind: string,
    t: number,
    detail?: string,
    agent?: string,
  ): void {
    if (!history || scanning) return;
    try {
      history.recordTransition({
        ts_ms: t,
        entity,
        key,
        kind,
        ...(detail !== undefined ? { detail } : {}),
        ...(agent !== undefined ? { agent } : {}),
      });
    } catch (error) {
      options.onError(asError(error), 'recording a transition');
    }
  }

  function settle(): void {
    if (closed) return;
    const t = now();
    // Agents first: leases show their holder's liveness.
    for (const id of drainSet(dirty.agent)) {
      const raw = agentRaw.get(id);
      const before = views.agent.get(id);
      let deadline: number | undefined;
      if (raw) {
        const held = [...(holderIndex.get(id) ?? [])]
          .map((k) => leaseRaw.get(k)?.resource_path)
          .filter((r): r is string => r !== undefined)
          .sort();
        const derived = agentView(raw, t, held);
        deadline = derived.deadline_ms;
        if (!put('agent', id, derived.view)) {
          setViewDeadline('agent', id, deadline);
          continue;
        }
      } else if (!put('agent', id, undefined)) {
        setViewDeadline('agent', id, undefined);
        continue;
      }
      setViewDeadline('agent', id, deadline);
      attentionDirty.add(subjectKey('agent', id));
      const after = views.agent.get(id);
      if (before?.liveness !== after?.liveness) {
        for (const key of holderIndex.get(id) ?? []) dirty.lease.add(key);
        for (const name of barrierNames) attentionDirty.add(subjectKey('barrier', name));
        if (after && before) {
          const kind =
            after.liveness === 'active'
              ? 'agent.recovered'
              : after.liveness === 'gone'
                ? 'agent.gone'
                : 'agent.crashed';
          transition('agent', id, kind, t);
        } else if (after && !before) {
          transition(
            'agent',
            id,
            after.liveness === 'active' ? 'agent.registered' : `agent.${after.liveness}`,
            t,
          );
        }
      }
    }
    for (const key of drainSet(dirty.lease)) {
      const raw = leaseRaw.get(key);
      const before = views.lease.get(key);
      let deadline: number | undefined;
      let changed: boolean;
      if (raw) {
        const derived = leaseView(raw, t, (id) => views.agent.get(id)?.liveness);
        deadline = derived.deadline_ms;
        changed = put('lease', key, derived.view);
      } else {
        changed = put('lease', key, undefined);
      }
      setViewDeadline('lease', key, deadline);
      if (!changed) continue;
      attentionDirty.add(subjectKey('lease', key));
      const after = views.lease.get(key);
      for (const v of [before, after]) {
        if (v?.holder !== undefined) attentionDirty.add(subjectKey('agent', v.holder));
        if (v?.run_id !== undefined && runRaw.has(v.run_id)) dirty.run.add(v.run_id);
      }
      leaseTransitions(key, before, after, t);
    }
    for (const id of drainSet(dirty.run)) {
      const raw = runRaw.get(id);
      const before = views.run.get(id);
      const changed = put(
        'run',
        id,
        raw ? runView(raw, views.lease.get(`runs/${id}/lease.lock.d`)) : undefined,
      );
      if (!changed) continue;
      attentionDirty.add(subjectKey('run', id));
      for (const key of runLeaseIndex.get(id) ?? []) attentionDirty.add(subjectKey('lease', key));
      const after = views.run.get(id);
      if (after?.status !== undefined && after.status !== before?.status) {
        transition('run', id, 'run.status', t, after.status, after.worker_id);
      }
    }
    for (const key of drainSet(dirty.room)) {
      const raw = roomRaw.get(key);
      let view: RoomView | undefined;
      if (raw) {
        let stats;
        try {
          stats = history?.roomStats(key);
        } catch (error) {
          options.onError(asError(error), `room stats of ${key}`);
        }
        view = roomView(raw, stats, (cursor) => {
          if (!history) return 0;
          try {
            return history.unreadCount(key, cursor);
          } catch {
            return 0;
          }
        });
      }
      if (put('room', key, view)) attentionDirty.add(subjectKey('room', key));
    }
    for (const id of drainSet(dirty.handoff)) {
      const raw = handoffRaw.get(id);
      if (put('handoff', id, raw ? handoffView(raw) : undefined))
        attentionDirty.add(subjectKey('handoff', id));
    }
    for (const name of drainSet(dirty.barrier)) {
      const status = barrierRaw.get(name);
      if (put('barrier', name, status ? barrierView(status) : undefined)) {
        attentionDirty.add(subjectKey('barrier', name));
      }
    }
    for (const id of drainSet(dirty.unsettled)) {
      const read = unsettledRaw.get(id);
      if (put('unsettled', id, read ? unsettledView(read) : undefined)) {
        attentionDirty.add(subjectKey('unsettled', id));
      }
    }
    settleAttention(t);
  }

  function leaseTransitions(
    key: string,
    before: LeaseView | undefined,
    after: LeaseView | undefined,
    t: number,
  ): void {
    const b = before?.record;
    const a = after?.record;
    const holder = after?.holder ?? before?.holder;
    if (a && (!b || b.token !== a.token))
      transition('lease', key, 'lease.acquired', t, holder, holder);
    else if (a && b && a.updated_at_ms !== b.updated_at_ms)
      transition('lease', key, 'lease.renewed', t, holder, holder);
    if (before && !after) transition('lease', key, 'lease.released', t, holder, holder);
    if (after?.state === 'stale' && before?.state !== 'stale' && a && b?.token === a.token) {
      transition('lease', key, 'lease.stale', t, holder, holder);
    }
  }

  function settleAttention(t: number): void {
    if (attentionDirty.size === 0) return;
    const context = ctx(t);
    for (const subject of drainSet(attentionDirty)) {
      const [entity, key] = splitSubject(subject);
      const target = subjectOf(entity, key);
      const previous = attentionBySubject.get(subject);
      let next: number | undefined;
      const items = new Map<string, AttentionItem>();
      if (target) {
        try {
          const result = evaluateAttention(target, context);
          next = result.next_ms;
          for (const item of result.items) items.set(item.key, item);
        } catch (error) {
          options.onError(asError(error), `attention for ${subject}`);
        }
      }
      for (const [key2, item] of items) put('attention', key2, item);
      for (const key2 of previous?.keys() ?? [])
        if (!items.has(key2)) put('attention', key2, undefined);
      if (items.size > 0) attentionBySubject.set(subject, items);
      else attentionBySubject.delete(subject);
      // The subject's next wake: its view's own deadline or the rule's threshold, whichever first.
      const viewAt = viewDeadline.get(subject);
      const at = Math.min(viewAt ?? Infinity, next ?? Infinity);
      scheduler.set(subject, Number.isFinite(at) ? at : undefined);
    }
    attentionCounts.record(t, views.attention.size);
  }

  function setViewDeadline(entity: Derived, key: string, at: number | undefined): void {
    const subject = subjectKey(entity, key);
    const before = viewDeadline.get(subject);
    if (at === undefined) viewDeadline.delete(subject);
    else viewDeadline.set(subject, at);
    // Re-plan the subject's wake through the attention pass (which folds in the rule's next).
    if (before !== at) attentionDirty.add(subject);
  }

  function subjectOf(entity: string, key: string): AttentionSubject | undefined {
    switch (entity) {
      case 'lease': {
        const view = views.lease.get(key);
        return view && { entity, view };
      }
      case 'agent': {
        const view = views.agent.get(key);
        return view && { entity, view };
      }
      case 'room': {
        const view = views.room.get(key);
        return view && { entity, view };
      }
      case 'run': {
        const view = views.run.get(key);
        return view && { entity, view };
      }
      case 'handoff': {
        const view = views.handoff.get(key);
        return view && { entity, view };
      }
      case 'barrier': {
        const view = views.barrier.get(key);
        return view && { entity, view };
      }
      case 'unsettled': {
        const view = views.unsettled.get(key);
        return view && { entity, view };
      }
      case 'diagnostic': {
        const view = views.diagnostic.get(key);
        return view && { entity, view };
      }
      default:
        return undefined;
    }
  }

  // ------------------------------------------------------------------ the public face

  /** Walk the whole directory: one class per entity found (deduplicated), JSONL files stat'ed. */
  function collect(): { work: PathClass[]; keys: Set<string>; newJsonl: string[] } {
    const keys = new Set<string>();
    const work: PathClass[] = [];
    const newJsonl: string[] = [];
    walkTree(
      root,
      root,
      (entry) => {
        const cls = classifyRel(root, entry.rel);
        if (!cls || cls.kind === 'container') return;
        const key = workKey(cls);
        if (key === undefined) return;
        // The safety poll compares JSONL files with what they were when first seen.
        if (!entry.directory && entry.rel.endsWith('.jsonl') && !jsonlSeen.has(entry.absolute)) {
          jsonlSeen.set(entry.absolute, signature(entry.absolute));
          newJsonl.push(entry.absolute);
        }
        if (keys.has(key)) return;
        keys.add(key);
        work.push(cls);
      },
      (dir, error) => options.onError(error, `listing ${dir}`),
    );
    return { work, keys, newJsonl };
  }

  function reloadSafely(cls: PathClass, fromScan: boolean): void {
    try {
      reload(cls, fromScan);
    } catch (error) {
      options.onError(asError(error), `reading ${describe(cls)}`);
    }
  }

  /** Entities we knew that a walk no longer found: re-read them (they are gone). */
  function reloadMissing(keys: Set<string>): void {
    for (const { cls } of knownEntities()) {
      const key = workKey(cls);
      if (key !== undefined && !keys.has(key)) reloadSafely(cls, false);
    }
  }

  function scan(quiet: boolean): void {
    const { work, keys } = collect();
    // A quiet load is the base of the first snapshot (nobody holds one yet): no deltas.
    scanning = quiet;
    try {
      for (const cls of work) reloadSafely(cls, true);
      reloadMissing(keys);
      settle();
    } finally {
      scanning = false;
    }
    if (!baselined) {
      baselined = true;
      recordBaseline();
    }
  }

  /**
   * The state found at start, as transitions stamped now ("observed at start"): the timeline
   * replays each key from its last transition, and leases or agents that have not changed since
   * the monitor last ran would otherwise not count as held or alive.
   */
  function recordBaseline(): void {
    const t = now();
    const detail = 'observed at monitor start';
    for (const lease of views.lease.values()) {
      if (lease.state === 'active' || lease.state === 'suspect-skew') {
        transition('lease', lease.key, 'lease.acquired', t, detail, lease.holder);
      } else if (lease.state === 'stale') {
        transition('lease', lease.key, 'lease.stale', t, detail, lease.holder);
      }
    }
    for (const agent of views.agent.values()) {
      const kind = agent.liveness === 'active' ? 'agent.observed' : `agent.${agent.liveness}`;
      transition('agent', agent.id, kind, t, detail);
    }
  }

  /**
   * Read everything again, in chunks that yield to the event loop, sending only what differs.
   * Runs once the watcher has finished its initial walk: a change made between our scan and the
   * moment the watcher covered its directory would otherwise never be seen.
   */
  async function rescan(chunk = 500): Promise<void> {
    const { work, keys, newJsonl } = collect();
    // A JSONL file that appeared since the scan may have been missed by the cold index's walk.
    for (const file of newJsonl) queueSync(file);
    for (let i = 0; i < work.length && !closed; i += chunk) {
      // Records only: JSONL files are the history's (its cold index reads them to the end, and
      // the safety poll syncs any that changed since the scan saw them).
      for (const cls of work.slice(i, i + chunk)) reloadSafely(cls, true);
      settle();
      pumpSync();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (closed) return;
    reloadMissing(keys);
    settle();
    pumpSync();
  }

  function handlePath(absolute: string, event: WatchEvent, stats?: Stats): void {
    if (closed) return;
    const cls = classifyPath(root, absolute);
    if (!cls) return;
    // A re-check costs one stat when nothing changed since the path was last queued: the
    // watcher re-reports hot paths every few ms to beat chokidar's throttle.
    if (event === 'recheck') {
      const now = signature(absolute);
      const before = pathSignatures.get(absolute);
      // Unchanged, or a path that came and went unseen (its own unlink event follows if the
      // model knew it): nothing to read.
      if (before === now || (before === undefined && now === 'absent')) return;
      if (now === 'absent') pathSignatures.delete(absolute);
      else pathSignatures.set(absolute, now);
    } else if (event === 'unlink' || event === 'unlinkDir') {
      pathSignatures.delete(absolute);
    } else if (event === 'add' || event === 'change') {
      // Chokidar's (throttled) event often follows the raw one we already acted on.
      const now = stats ? signatureOf(stats) : signature(absolute);
      if (pathSignatures.get(absolute) === now) return;
      pathSignatures.set(absolute, now);
    }
    if (cls.kind === 'container' && event !== 'addDir' && event !== 'unlinkDir') return;
    enqueue(cls);
  }

  function poll(): void {
    if (closed) return;
    for (const [file, seen] of jsonlSeen) {
      const current = signature(file);
      if (current === seen) continue;
      if (current === 'absent') jsonlSeen.delete(file);
      const cls = classifyPath(root, file);
      if (cls) enqueue(cls);
    }
    const t = now();
    for (const raw of agentRaw.values()) {
      if (pidDied(raw, t) && views.agent.get(raw.id)?.liveness === 'active')
        dirty.agent.add(raw.id);
    }
    if (dirty.agent.size > 0) settle();
  }

  async function idle(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      if (pending.size > 0 || drainScheduled) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      if (syncing) {
        await syncing;
        continue;
      }
      if (syncQueue.size > 0) {
        pumpSync();
        continue;
      }
      return;
    }
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

  return {
    scan,
    rescan,
    handlePath,
    poll,
    async refresh(cls) {
      try {
        reload(cls, false);
      } catch (error) {
        options.onError(asError(error), `reading ${describe(cls)}`);
      }
      settle();
      pumpSync();
      await idle();
    },
    refreshRooms() {
      for (const key of roomRaw.keys()) dirty.room.add(key);
      for (const id of runRaw.keys()) dirty.run.add(id);
      settle();
    },
    idle,
    snapshot,
    lease: (key) => views.lease.get(key),
    findLease(resourceOrKey) {
      const direct = views.lease.get(resourceOrKey);
      if (direct) return direct;
      return (
        views.lease.get(`locks/${resourceOrKey}.lock.d`) ??
        (/^runs\/[^/]+$/.test(resourceOrKey)
          ? views.lease.get(`${resourceOrKey}/lease.lock.d`)
          : undefined)
      );
    },
    agent: (id) => views.agent.get(id),
    room: (key) => views.room.get(key),
    run: (id) => views.run.get(id),
    handoff: (id) => views.handoff.get(id),
    unsettled: (id) => views.unsettled.get(id),
    attention: () => [...views.attention.values()].sort(compareAttention),
    runRecord: (id) => runRaw.get(id)?.record,
    attentionAt: (t) => attentionCounts.at(t),
    attentionSince: () => attentionCounts.since(),
    addJsonlDiagnostics: (list) => {
      if (!closed) addJsonlDiagnostics(list);
    },
    close() {
      closed = true;
      scheduler.close();
      pending.clear();
      syncQueue.clear();
    },
  };
}

// ---------------------------------------------------------------------- helpers

function subjectKey(entity: string, key: string): string {
  return `${entity}:${key}`;
}

function splitSubject(subject: string): [string, string] {
  const at = subject.indexOf(':');
  return [subject.slice(0, at), subject.slice(at + 1)];
}

function drainSet<T>(set: Set<T>): T[] {
  const items = [...set];
  set.clear();
  return items;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

function signatureOf(stats: Stats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

/** Identity of a file's current content as far as a stat can tell (or 'absent'). */
function signature(file: string): string {
  try {
    return signatureOf(fs.statSync(file));
  } catch {
    return 'absent';
  }
}

function realpathOr(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}

function statSize(file: string): number | undefined {
  try {
    return fs.statSync(file).size;
  } catch {
    return undefined;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function describe(cls: PathClass): string {
  return JSON.stringify(cls);
}
