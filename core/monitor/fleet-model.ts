import fs, { type Stats } from 'node:fs';
import type {
  AgentView,
  AttentionItem,
  HandoffView,
  LeaseView,
  RoomView,
  RunView,
  UnsettledView,
} from '../api/views.ts';
import { danglingLinkTarget } from '../files/dangling-link.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import type { RunRecord } from '../runs/run-schema.ts';
import { compareAttention } from './attention/attention-context.ts';
import type { Thresholds } from './attention/thresholds.ts';
import { createAttentionPass } from './attention-pass.ts';
import { classifyPath, classifyRel, type PathClass } from './classify-path.ts';
import type { DeltaBatcher } from './delta-batcher.ts';
import { createDiagnosticsIndex } from './diagnostics-index.ts';
import { pidDied } from './entities/agent-entity.ts';
import { signature, signatureOf } from './file-signature.ts';
import type { HistoryPort } from './history-port.ts';
import { createJsonlSync } from './jsonl-sync.ts';
import { createLeaseIndex } from './lease-index.ts';
import { asError, createDirtyMarks, createRawRecords, subjectKey } from './raw-state.ts';
import { createRecordReader, workKey } from './record-reader.ts';
import { settleViews } from './settle-views.ts';
import { createSubjectDeadlines } from './subject-deadlines.ts';
import { createTransitionRecorder } from './transition-recorder.ts';
import { walkTree } from './tree-walk.ts';
import { createViewStore, type ModelSnapshot } from './view-store.ts';
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

export type { ModelSnapshot } from './view-store.ts';

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
 * This file coordinates; the parts live beside it: record-reader.ts (files -> raw records),
 * lease-index.ts, jsonl-sync.ts (JSONL -> history index), settle-views.ts (raw -> views),
 * view-store.ts (change detection), attention-pass.ts, subject-deadlines.ts (time-driven
 * changes) and transition-recorder.ts (history transitions).
 *
 * @example
 * const model = createFleetModel({ root, history, thresholds, now: Date.now, sink: batcher, onError });
 * model.scan();
 */
export function createFleetModel(options: FleetModelOptions): FleetModel {
  const { root, history, sink, onError } = options;
  const now = options.now;

  const raw = createRawRecords();
  const dirty = createDirtyMarks();
  const leases = createLeaseIndex();
  const diagnostics = createDiagnosticsIndex(root);
  const pending = new Map<string, PathClass>(); // work key -> class
  const pathSignatures = new Map<string, string>(); // absolute path -> signature when last queued
  let drainScheduled = false;
  let scanning = false;
  let baselined = false;
  let closed = false;

  // A quiet load is the base of the first snapshot (nobody holds one yet): no deltas, and no
  // transitions (the baseline records what it found).
  const isQuiet = () => scanning;
  const store = createViewStore(sink, isQuiet);
  const transitions = createTransitionRecorder({ history, isQuiet, onError });
  const deadlines = createSubjectDeadlines({
    now,
    dirty,
    reread: (entity, key) => rereadAtDeadline(entity, key),
    onDue: () => settle(),
  });
  const attention = createAttentionPass({
    thresholds: options.thresholds,
    store,
    leases,
    dirty,
    deadlines,
    onError,
  });
  const sync = createJsonlSync({
    root,
    history,
    raw,
    dirty,
    setDiagnostics,
    reloadRoom: (key) => reader.reloadRoom(key),
    settle: () => settle(),
    isClosed: () => closed,
    onError,
    ...(options.onHistoryProblem ? { onHistoryProblem: options.onHistoryProblem } : {}),
  });
  const reader = createRecordReader({
    root,
    now,
    raw,
    leases,
    dirty,
    setDiagnostics,
    queueSync: history ? (file) => sync.queue(file) : undefined,
    onError,
  });
  const { views } = store;

  function setDiagnostics(source: string, list: readonly Diagnostic[]): void {
    for (const change of diagnostics.set(source, list, now())) {
      store.putDiagnostic(change);
      const key = change.op === 'upsert' ? change.view.key : change.key;
      dirty.attention.add(subjectKey('diagnostic', key));
    }
  }

  /**
   * Before a lease turns stale or an agent crashed by the clock alone, read its record again: the
   * watcher can miss an event (it is still walking a large tree at start-up, or the filesystem
   * drops events), and the operator must not be shown a stale lease whose holder renewed it.
   * Not while the directory itself is gone: then the last known state stands (create-monitor).
   */
  function rereadAtDeadline(entity: string, key: string): void {
    if (closed || (entity !== 'lease' && entity !== 'agent')) return;
    const rel = entity === 'lease' ? key : `agents/${key}.json`;
    const cls = classifyRel(root, rel);
    if (!cls || !fs.existsSync(root)) return;
    try {
      reader.reload(cls, true);
    } catch (error) {
      onError(asError(error), `re-reading ${rel}`);
    }
  }

  /** Recompute what is dirty: views in dependency order, then attention. */
  function settle(): void {
    if (closed) return;
    const t = now();
    settleViews(t, { raw, dirty, store, leases, deadlines, transitions, history, onError });
    attention.run(t);
  }

  // ------------------------------------------------------------------ reading

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
    // The directory itself is gone (moved away, unmounted): reading now would remove every
    // entity whose file it cannot find, when the last known state must stand. Keep the work:
    // the engine goes unavailable and rescans on recovery (create-monitor.ts), and the next
    // event drains whatever is still pending.
    if (!fs.existsSync(root)) return;
    const work = [...pending.values()];
    pending.clear();
    for (const cls of work) reloadSafely(cls, false);
    settle();
    sync.pump();
  }

  function reloadSafely(cls: PathClass, fromScan: boolean): void {
    try {
      reader.reload(cls, fromScan);
    } catch (error) {
      onError(asError(error), `reading ${JSON.stringify(cls)}`);
    }
  }

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
        // A container that is not a directory is read too: the reader reports the stray file.
        if (!cls || (cls.kind === 'container' && entry.directory)) return;
        const key = workKey(cls);
        if (key === undefined) return;
        // The safety poll compares JSONL files with what they were when first seen.
        if (!entry.directory && entry.rel.endsWith('.jsonl') && !sync.seen.has(entry.absolute)) {
          sync.seen.set(entry.absolute, signature(entry.absolute));
          newJsonl.push(entry.absolute);
        }
        if (keys.has(key)) return;
        keys.add(key);
        work.push(cls);
      },
      (dir, error) => onError(error, `listing ${dir}`),
    );
    return { work, keys, newJsonl };
  }

  /** Entities we knew that a walk no longer found: re-read them (they are gone). */
  function reloadMissing(keys: Set<string>): void {
    for (const { cls } of reader.known()) {
      const key = workKey(cls);
      if (key !== undefined && !keys.has(key)) reloadSafely(cls, false);
    }
  }

  // ------------------------------------------------------------------ the public face

  function scan(quiet: boolean): void {
    const { work, keys } = collect();
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
      transitions.baseline(views.lease.values(), views.agent.values(), now());
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
    for (const file of newJsonl) sync.queue(file);
    for (let i = 0; i < work.length && !closed; i += chunk) {
      // Records only: JSONL files are the history's (its cold index reads them to the end, and
      // the safety poll syncs any that changed since the scan saw them).
      for (const cls of work.slice(i, i + chunk)) reloadSafely(cls, true);
      settle();
      sync.pump();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (closed) return;
    reloadMissing(keys);
    settle();
    sync.pump();
  }

  function handlePath(absolute: string, event: WatchEvent, stats?: Stats): void {
    if (closed) return;
    const cls = classifyPath(root, absolute);
    if (!cls) return;
    if (cls.kind === 'container') {
      // Re-read (a walk under it) when it appears or vanishes as a whole, or when a file takes
      // or leaves a directory's place (the reader reports a stray file there); not when only
      // its entries change, which their own events cover.
      if (event !== 'change' && event !== 'recheck') enqueue(cls);
      else if (reader.strayChanged(cls.rel)) enqueue(cls);
      return;
    }
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
    enqueue(cls);
  }

  function poll(): void {
    if (closed) return;
    for (const [file, seen] of sync.seen) {
      const current = signature(file);
      // A broken link stays watched (its target may appear); anything else absent is forgotten.
      const gone = current === 'absent' && danglingLinkTarget(file) === undefined;
      if (current === seen) {
        if (gone) sync.seen.delete(file);
        continue;
      }
      if (gone) sync.seen.delete(file);
      const cls = classifyPath(root, file);
      if (cls) enqueue(cls);
    }
    const t = now();
    for (const agent of raw.agent.values()) {
      if (pidDied(agent, t) && views.agent.get(agent.id)?.liveness === 'active')
        dirty.agent.add(agent.id);
    }
    if (dirty.agent.size > 0) settle();
  }

  async function idle(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      if (pending.size > 0 || drainScheduled) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      const running = sync.running();
      if (running) {
        await running;
        continue;
      }
      if (sync.queued() > 0) {
        sync.pump();
        continue;
      }
      return;
    }
  }

  return {
    scan,
    rescan,
    handlePath,
    poll,
    async refresh(cls) {
      reloadSafely(cls, false);
      settle();
      sync.pump();
      await idle();
    },
    refreshRooms() {
      for (const key of raw.room.keys()) dirty.room.add(key);
      for (const id of raw.run.keys()) dirty.run.add(id);
      settle();
    },
    idle,
    snapshot: store.snapshot,
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
    runRecord: (id) => raw.run.get(id)?.record,
    attentionAt: (t) => attention.countAt(t),
    attentionSince: () => attention.countSince(),
    addJsonlDiagnostics: (list) => {
      if (!closed) sync.addLineDiagnostics(list);
    },
    close() {
      closed = true;
      deadlines.close();
      pending.clear();
      sync.clear();
    },
  };
}
