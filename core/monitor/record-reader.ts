import fs from 'node:fs';
import path from 'node:path';
import { BatonError } from '../errors.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { directoryProblem } from '../files/directory-problem.ts';
import { readUnsettled, type UnsettledView as DomainUnsettledView } from '../unsettled/index.ts';
import { classifyRel, isLayoutDirectory, type PathClass } from './classify-path.ts';
import { loadAgent } from './entities/agent-entity.ts';
import { loadBarrier } from './entities/barrier-entity.ts';
import { loadHandoff } from './entities/handoff-entity.ts';
import { leaseHolder, leaseRunId, loadLease } from './entities/lease-entity.ts';
import { loadConsumer, loadRoom } from './entities/room-entity.ts';
import { loadRun } from './entities/run-entity.ts';
import type { LeaseIndex } from './lease-index.ts';
import { asError, type DirtyMarks, type RawRecords } from './raw-state.ts';
import { walkTree } from './tree-walk.ts';

/** Reads entities' files into the model's raw records. */
export interface RecordReader {
  /** Re-read the entity `cls` names and mark its view (and its dependents) dirty. JSONL files
   *  are queued for the history sync unless `fromScan` (the cold index reads those). */
  reload(cls: PathClass, fromScan: boolean): void;
  /** Re-read a room's file and its consumers' cursors. */
  reloadRoom(key: string): void;
  /** Every entity the model holds raw state for, with the path it lives at (relative). */
  known(): Array<{ cls: PathClass; rel: string }>;
  /** Whether a file (or broken link) appeared or vanished where the layout puts the directory
   *  `rel` since the reader last looked: then the container needs a reload. One stat. */
  strayChanged(rel: string): boolean;
}

export interface RecordReaderOptions {
  /** The coordination directory (absolute). */
  root: string;
  now: () => number;
  raw: RawRecords;
  leases: LeaseIndex;
  dirty: DirtyMarks;
  /** Replace what `source` reports as diagnostics. */
  setDiagnostics: (source: string, list: readonly Diagnostic[]) => void;
  /** Queue a JSONL file for the history index; undefined when there is no index. */
  queueSync: ((file: string) => void) | undefined;
  onError: (error: Error, context: string) => void;
}

/**
 * The key that identifies the entity a path class names (reads of one key coalesce), or
 * undefined for the root record, which the model does not read.
 *
 * @example
 * workKey({ kind: 'agent', id: 'a1' }); // 'agent:a1'
 */
export function workKey(cls: PathClass): string | undefined {
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

/**
 * Create the reader. Each entity is read through its loader in entities/ (which reads through
 * the record family's own module), so the monitor sees exactly what the library sees.
 *
 * @example
 * const reader = createRecordReader({ root, now, raw, leases, dirty, setDiagnostics, queueSync, onError });
 * reader.reload({ kind: 'agent', id: 'builder-1' }, false);
 */
export function createRecordReader(options: RecordReaderOptions): RecordReader {
  const { root, raw, leases, dirty, setDiagnostics, queueSync } = options;
  /** Container paths (relative) where a file or a broken link stands instead of a directory. */
  const misplaced = new Set<string>();

  function reload(cls: PathClass, fromScan: boolean): void {
    const t = options.now();
    switch (cls.kind) {
      case 'lease':
        return reloadLease(cls.key, cls.resource, cls.lock_path, t);
      case 'agent':
        return reloadAgent(cls.id);
      case 'room': {
        // A known room's appends only move its size (the sync refreshes it); its consumers
        // change through their own cursor files.
        const known = raw.room.get(cls.key);
        if (!known || fromScan || !queueSync) reloadRoom(cls.key);
        if (!fromScan) queueSync?.(roomFilePath(cls.key));
        return;
      }
      case 'cursor':
        return reloadCursor(cls.room_key, cls.consumer);
      case 'run':
        return reloadRun(cls.run_id, t);
      case 'checkpoints':
        if (!fromScan) queueSync?.(path.join(root, 'runs', cls.run_id, 'checkpoints.jsonl'));
        return reloadRun(cls.run_id, t);
      case 'handoff':
        return reloadHandoff(cls.id, t);
      case 'barrier':
        return reloadBarrier(cls.name);
      case 'unsettled':
        return reloadUnsettled(cls.pipeline_id, t);
      case 'audit':
        if (!fromScan) queueSync?.(path.join(root, 'audit', `${cls.log}.jsonl`));
        if (cls.log === 'lifecycle') reloadAllUnsettled(t);
        return;
      case 'container':
        return reloadContainer(cls.rel);
      case 'root':
        return;
    }
  }

  function reloadLease(key: string, resource: string, lockPath: string, t: number): void {
    const before = raw.lease.get(key);
    const lease = loadLease(key, resource, lockPath, t);
    leases.replace(before, lease);
    if (lease) raw.lease.set(key, lease);
    else raw.lease.delete(key);
    setDiagnostics(`lease:${key}`, lease?.diagnostic ? [lease.diagnostic] : []);
    dirty.lease.add(key);
    // The holder's held leases and the run's lease state follow this record.
    for (const r of [before, lease]) {
      if (!r) continue;
      const holder = leaseHolder(r);
      if (holder !== undefined && raw.agent.has(holder)) dirty.agent.add(holder);
      const runId = leaseRunId(r);
      if (runId !== undefined && raw.run.has(runId)) dirty.run.add(runId);
    }
  }

  function reloadAgent(id: string): void {
    const agent = loadAgent(root, id);
    if (agent) raw.agent.set(id, agent);
    else raw.agent.delete(id);
    setDiagnostics(`agent:${id}`, agent?.diagnostic ? [agent.diagnostic] : []);
    dirty.agent.add(id);
  }

  function roomFilePath(key: string): string {
    const [scope, scopeId, room] = key.split('/') as [string, string, string];
    return path.join(root, 'rooms', scope, scopeId, `${room}.jsonl`);
  }

  function reloadRoom(key: string): void {
    const [scope, scopeId, name] = key.split('/') as [string, string, string];
    const cls = classifyRel(root, `rooms/${scope}/${scopeId}/${name}.jsonl`);
    if (!cls || cls.kind !== 'room') return;
    const room = loadRoom(root, { scope: cls.scope, scope_id: cls.scope_id, room: cls.room });
    if (room) raw.room.set(key, room);
    else raw.room.delete(key);
    setRoomDiagnostics(key);
  }

  function reloadCursor(roomKey: string, consumer: string): void {
    const room = raw.room.get(roomKey);
    if (!room) {
      reloadRoom(roomKey);
      return;
    }
    const file = path.join(path.dirname(room.file), `${room.room}.consumers`, `${consumer}.json`);
    const read = loadConsumer(file);
    if (read) room.consumers.set(consumer, read);
    else room.consumers.delete(consumer);
    if (!room.exists && room.consumers.size === 0) raw.room.delete(roomKey);
    setRoomDiagnostics(roomKey, room);
  }

  /** A room's diagnostics are its consumers' (its lines' come from the history sync). */
  function setRoomDiagnostics(key: string, room = raw.room.get(key)): void {
    const consumerDiagnostics: Diagnostic[] = [];
    for (const consumer of room?.consumers.values() ?? []) {
      if (consumer.diagnostic) consumerDiagnostics.push(consumer.diagnostic);
    }
    setDiagnostics(`room:${key}`, consumerDiagnostics);
    dirty.room.add(key);
  }

  function reloadRun(runId: string, t: number): void {
    // The run's lease is read with it: a run seen before its lease would read as orphaned.
    const leaseKey = `runs/${runId}/lease.lock.d`;
    reloadLease(leaseKey, `runs/${runId}`, path.join(root, leaseKey), t);
    const run = loadRun(root, runId, t);
    if (run) raw.run.set(runId, run);
    else raw.run.delete(runId);
    setDiagnostics(`run:${runId}`, run?.diagnostics ?? []);
    dirty.run.add(runId);
  }

  function reloadHandoff(id: string, t: number): void {
    const handoff = loadHandoff(root, id, t);
    if (handoff) raw.handoff.set(id, handoff);
    else raw.handoff.delete(id);
    setDiagnostics(`handoff:${id}`, handoff?.diagnostics ?? []);
    dirty.handoff.add(id);
  }

  function reloadBarrier(name: string): void {
    const status = loadBarrier(root, name);
    if (status) raw.barrier.set(name, status);
    else raw.barrier.delete(name);
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
    if (read) raw.unsettled.set(pipelineId, read);
    else raw.unsettled.delete(pipelineId);
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
    for (const id of [...raw.unsettled.keys()]) if (!seen.has(id)) applyUnsettled(id, undefined);
  }

  /**
   * Report (or clear) a file or broken link standing where the layout puts a directory. Only
   * called for paths the walk or the watcher found, so a healthy tree costs one stat each.
   */
  function checkMisplaced(rel: string): void {
    if (!isLayoutDirectory(rel)) return;
    const problem = directoryProblem(path.join(root, rel));
    if (problem) misplaced.add(rel);
    else if (!misplaced.delete(rel)) return;
    setDiagnostics(`container:${rel}`, problem ? [problem] : []);
  }

  /** A directory appeared or vanished as a whole: re-read what is (or was) under it. */
  function reloadContainer(rel: string): void {
    checkMisplaced(rel);
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
    for (const { cls, rel: at } of known()) {
      if (prefix !== '' && at !== rel && !at.startsWith(prefix)) continue;
      if (cls.kind === 'container') checkMisplaced(cls.rel);
      else reload(cls, false);
    }
  }

  function known(): Array<{ cls: PathClass; rel: string }> {
    const list: Array<{ cls: PathClass; rel: string }> = [];
    for (const lease of raw.lease.values()) {
      list.push({
        cls: {
          kind: 'lease',
          key: lease.key,
          resource: lease.resource_path,
          lock_path: lease.lock_path,
        },
        rel: lease.key,
      });
    }
    for (const id of raw.agent.keys())
      list.push({ cls: { kind: 'agent', id }, rel: `agents/${id}.json` });
    for (const room of raw.room.values()) {
      list.push({
        cls: {
          kind: 'room',
          key: room.key,
          scope: room.scope,
          scope_id: room.scope_id,
          room: room.room,
        },
        rel: `rooms/${room.key}.jsonl`,
      });
    }
    for (const id of raw.run.keys())
      list.push({ cls: { kind: 'run', run_id: id }, rel: `runs/${id}/run.json` });
    for (const handoff of raw.handoff.values()) {
      const state = handoff.read?.state ?? 'pending';
      list.push({
        cls: { kind: 'handoff', id: handoff.id },
        rel: `handoffs/${state}/${handoff.id}.json`,
      });
    }
    for (const name of raw.barrier.keys())
      list.push({ cls: { kind: 'barrier', name }, rel: `barriers/${name}/-` });
    for (const id of raw.unsettled.keys()) {
      list.push({ cls: { kind: 'unsettled', pipeline_id: id }, rel: `unsettled/${id}.json` });
    }
    for (const rel of misplaced) list.push({ cls: { kind: 'container', rel }, rel });
    return list;
  }

  function strayChanged(rel: string): boolean {
    if (!isLayoutDirectory(rel)) return false;
    return misplaced.has(rel) !== (directoryProblem(path.join(root, rel)) !== undefined);
  }

  return { reload, reloadRoom, known, strayChanged };
}
