import fs from 'node:fs';
import path from 'node:path';
import type {
  EventName,
  EventPayload,
  MonitorHandlers,
  MonitorService,
  ParsedInput,
  RequestOutput,
} from '../api/contract.ts';
import type { EngineStatus, Snapshot } from '../api/views.ts';
import { readRun } from '../runs/index.ts';
import { ackPartialHandoffAction } from './actions/ack-partial-handoff.ts';
import type { ActionContext } from './actions/action-context.ts';
import { decideHandoffAction } from './actions/decide-handoff.ts';
import { markAgentGoneAction } from './actions/mark-agent-gone.ts';
import { operatorIdentity, operatorName } from './actions/operator-identity.ts';
import { postMessageAction } from './actions/post-message.ts';
import { releaseLeaseAction } from './actions/release-lease.ts';
import { resolveThresholds, type Thresholds } from './attention/thresholds.ts';
import { createDeltaBatcher } from './delta-batcher.ts';
import { createFleetModel, type FleetModel } from './fleet-model.ts';
import type { HistoryPort, IndexProgress } from './history-port.ts';
import { nullHistory } from './null-history.ts';
import { startWatcher, type WatchMode, type Watcher } from './watcher.ts';
import { openHistory } from './history/index.ts';
import type { Diagnostic } from '../files/diagnostic.ts';

export interface MonitorOptions {
  /** The coordination directory to watch. It may not exist yet: the monitor waits for it. */
  dir: string;
  /** Where the monitor keeps its own state (the history index). Never inside `dir`'s files. */
  dataDir: string;
  /** `events` (default) or `polling` for network filesystems. */
  watch?: WatchMode;
  thresholds?: Partial<Thresholds>;
  /** Operator identity for audit lines and messages; default `user@host`. */
  operator?: string;
  now?: () => number;
  /** Safety-poll interval: JSONL sizes and agent pids (default 2000 ms). */
  pollIntervalMs?: number;
  /** Delta batching window (default 8 ms). */
  flushMs?: number;
  /** How the history index is opened (tests inject; default the SQLite index). */
  openHistory?: (options: {
    dataDir: string;
    dir: string;
    onDiagnostic: (d: Diagnostic) => void;
  }) => HistoryPort;
  /** Where survivable problems go (default: nowhere; the engine keeps going). */
  onError?: (error: Error, context: string) => void;
}

/** The monitor engine: the contract's handlers, pushed events, status, and shutdown. */
export interface Monitor extends MonitorService {
  handlers: MonitorHandlers;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  status(): EngineStatus;
  /** Resolves once the watcher covers the whole tree and every change seen so far is in the
   *  model with its delta sent (tests, benchmarks). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const VERSION = readVersion();
const UNAVAILABLE_RETRY_MS = 1000;
const INDEX_STATUS_EVERY_MS = 500;

/**
 * Start the monitor engine on a coordination directory: scan it into the fleet model, watch it,
 * index its history in the background, and serve the monitor contract. Resolves once the current
 * state is loaded (before a large history finishes indexing: `status().indexing` reports that),
 * or at once with status `unavailable` when the directory cannot be read; it recovers by itself
 * when the directory appears. Never throws on the directory's content.
 *
 * @example
 * const monitor = await createMonitor({ dir: '/srv/coord', dataDir: '/home/ana/.baton' });
 * monitor.on('delta', (d) => render(d));
 * const snap = await monitor.handlers.snapshot({});
 */
export async function createMonitor(options: MonitorOptions): Promise<Monitor> {
  const root = path.resolve(options.dir);
  const thresholds = resolveThresholds(options.thresholds);
  const operator = operatorIdentity(options.operator);
  const now = options.now ?? Date.now;
  const mode: WatchMode = options.watch ?? 'events';
  const pollMs = options.pollIntervalMs ?? 2000;
  const onError = options.onError ?? (() => {});
  const listeners = {
    delta: new Set<(payload: EventPayload<'delta'>) => void>(),
    status: new Set<(payload: EventPayload<'status'>) => void>(),
  };

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    for (const listener of listeners[event] as Set<(p: EventPayload<E>) => void>) {
      try {
        listener(payload);
      } catch (error) {
        onError(error instanceof Error ? error : new Error(String(error)), `a ${event} listener`);
      }
    }
  };

  const batcher = createDeltaBatcher({
    emit: (delta) => emit('delta', delta),
    now,
    ...(options.flushMs !== undefined ? { flushMs: options.flushMs } : {}),
  });

  let history: HistoryPort;
  /** Why the index could not be opened: lasts for the engine's life (it runs on nullHistory). */
  let historyProblem: string | undefined;
  // Line diagnostics found while indexing (cold indexing included) go to the model once it exists.
  const late: { model?: FleetModel } = {};
  const onDiagnostic = (d: Diagnostic): void => late.model?.addJsonlDiagnostics([d]);
  try {
    history = (options.openHistory ?? openHistory)({
      dataDir: options.dataDir,
      dir: root,
      onDiagnostic,
    });
  } catch (error) {
    history = nullHistory();
    historyProblem = `the history index could not be opened (${error instanceof Error ? error.message : String(error)})`;
    onError(error instanceof Error ? error : new Error(String(error)), 'opening the history index');
  }

  const model: FleetModel = createFleetModel({
    root,
    history,
    thresholds,
    now,
    sink: batcher,
    onError,
    // A failing index is shown in the status (the current state keeps working without it): a
    // problem appearing or clearing later updates `history_problem` in any engine state.
    onHistoryProblem: (message) => {
      const next = message ?? historyProblem;
      if (status.history_problem !== next) setStatus({ history_problem: next });
    },
  });
  late.model = model;

  let status: EngineStatus = {
    state: 'starting',
    dir: root,
    watching: mode,
    indexing: { done_bytes: 0, total_bytes: 0, complete: false },
    ...(historyProblem ? { history_problem: historyProblem } : {}),
  };
  let watcher: Watcher | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let indexTimer: NodeJS.Timeout | undefined;
  let indexing: Promise<unknown> | undefined;
  let closed = false;
  let rescanning: Promise<void> | undefined;
  let resolved = false;
  let actionChain: Promise<unknown> = Promise.resolve();

  function setStatus(next: Partial<EngineStatus>): void {
    const merged: EngineStatus = { ...status, ...next };
    // An optional field set to undefined is cleared (absent on the wire, not `undefined`).
    if (next.message === undefined && 'message' in next) delete merged.message;
    if (next.history_problem === undefined && 'history_problem' in next) {
      delete merged.history_problem;
    }
    if (JSON.stringify(merged) === JSON.stringify(status)) return;
    status = merged;
    batcher.status(status);
    emit('status', status);
  }

  /** Why the directory cannot be watched, or undefined when it can. */
  function problemWithDir(): string | undefined {
    try {
      const st = fs.statSync(root);
      if (!st.isDirectory()) return `${root} is not a directory`;
      fs.readdirSync(root);
      return undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return `${root} does not exist (waiting for it to appear)`;
      if (code === 'EACCES' || code === 'EPERM') return `cannot read ${root}: permission denied`;
      return `cannot read ${root}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  function rootPresent(): boolean {
    try {
      return fs.statSync(root).isDirectory();
    } catch {
      return false;
    }
  }

  async function start(): Promise<void> {
    if (closed) return;
    const problem = problemWithDir();
    if (problem) {
      becomeUnavailable(problem);
      return;
    }
    // Before createMonitor resolves nobody holds a snapshot: the first load is its base and
    // sends no deltas. A load after recovering from `unavailable` sends what changed.
    model.scan(!resolved);
    // `message` explains the unavailable state only; a history problem has its own field.
    setStatus({ state: 'ready', message: undefined });
    startWatching();
    startIndexing();
  }

  function startWatching(): void {
    const w = startWatcher({
      root,
      mode,
      onPath: (file, event, stats) => {
        // When the directory itself goes (unmounted, renamed, unreadable), the watcher reports
        // everything under it as removed: keep the last known state instead and go unavailable.
        if ((event === 'unlink' || event === 'unlinkDir') && (file === root || !rootPresent())) {
          checkRoot();
          return;
        }
        model.handlePath(file, event, stats);
      },
      onError: (error) => {
        onError(error, 'watching');
        checkRoot();
      },
    });
    watcher = w;
    rescanning = w.ready
      .then(() => (watcher === w && !closed ? model.rescan() : undefined))
      .catch((error: unknown) => onError(error as Error, 'rescanning'));
    pollTimer = setInterval(() => {
      if (checkRoot()) model.poll();
    }, pollMs);
  }

  function startIndexing(): void {
    if (indexing || closed) return;
    let lastRefresh = 0;
    const tick = (): void => {
      const progress = safeProgress();
      setStatus({ indexing: progress });
      const t = Date.now();
      if (t - lastRefresh >= 2 * INDEX_STATUS_EVERY_MS) {
        lastRefresh = t;
        model.refreshRooms();
      }
    };
    indexTimer = setInterval(tick, INDEX_STATUS_EVERY_MS);
    indexing = history
      .indexAll(() => {})
      .catch((error: unknown) => {
        onError(error instanceof Error ? error : new Error(String(error)), 'indexing history');
      })
      .finally(() => {
        if (indexTimer) clearInterval(indexTimer);
        indexTimer = undefined;
        if (closed) return;
        const progress = safeProgress();
        setStatus({ indexing: { ...progress, complete: true } });
        model.refreshRooms();
      });
  }

  function safeProgress(): IndexProgress {
    try {
      return history.progress();
    } catch {
      return status.indexing;
    }
  }

  /** True while the root is readable; otherwise switch to unavailable. */
  function checkRoot(): boolean {
    if (closed || status.state === 'unavailable') return false;
    const problem = problemWithDir();
    if (problem) {
      becomeUnavailable(problem);
      return false;
    }
    return true;
  }

  function becomeUnavailable(message: string): void {
    void stopWatching();
    // The model keeps its last state: the UI shows it marked stale under the banner.
    setStatus({ state: 'unavailable', message });
    batcher.flush();
    if (retryTimer || closed) return;
    retryTimer = setInterval(() => {
      if (closed || problemWithDir()) return;
      if (retryTimer) clearInterval(retryTimer);
      retryTimer = undefined;
      void start();
    }, UNAVAILABLE_RETRY_MS);
  }

  function stopWatching(): Promise<void> {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = undefined;
    const w = watcher;
    watcher = undefined;
    if (!w) return Promise.resolve();
    return w.close().catch((error: unknown) => onError(error as Error, 'closing the watcher'));
  }

  // ---------------------------------------------------------------- handlers

  const actionContext: ActionContext = {
    dir: root,
    operator,
    by: operatorName(operator),
    now,
    model,
    history,
    afterAction: async (changed) => {
      for (const cls of changed) await model.refresh(cls);
      batcher.flush();
    },
  };

  /** Actions run one at a time; refused outright while the directory is unavailable. */
  function act<
    K extends
      | 'releaseLease'
      | 'acceptHandoff'
      | 'declineHandoff'
      | 'ackPartialHandoff'
      | 'markAgentGone'
      | 'postMessage',
  >(run: () => Promise<RequestOutput<K>>): Promise<RequestOutput<K>> {
    const result = actionChain.then(async (): Promise<RequestOutput<K>> => {
      if (status.state !== 'ready') {
        return {
          ok: false,
          code: 'error',
          message: `the coordination directory is ${status.state}${status.message ? `: ${status.message}` : ''}; nothing was changed`,
        } as RequestOutput<K>;
      }
      return run();
    });
    actionChain = result.catch(() => {});
    return result;
  }

  function snapshot(): Snapshot {
    batcher.flush();
    return { seq: batcher.seq, server_time_ms: now(), status, ...model.snapshot() };
  }

  const handlers: MonitorHandlers = {
    info: () => ({
      version: VERSION,
      dir: root,
      operator,
      server_time_ms: now(),
      transport: 'in-process',
      recent_dirs: [root],
    }),
    snapshot: () => snapshot(),
    roomMessages: (input) => history.roomMessages(input),
    search: (input) => history.search(input),
    // The engine's own attention count where it watched the whole range; else the history's
    // replay of stale leases and crashed agents.
    timeline: (input) =>
      history.timeline(
        input,
        input.from_ms >= model.attentionSince() ? { attentionAt: (t) => model.attentionAt(t) } : {},
      ),
    audit: (input) => history.audit(input),
    runDetail: (input) => runDetail(input),
    agentDetail: (input) => ({
      ...(model.agent(input.agent_id) ? { agent: model.agent(input.agent_id) } : {}),
      ...history.agentActivity(input.agent_id, input.limit),
    }),
    releaseLease: (input) => act<'releaseLease'>(() => releaseLeaseAction(actionContext, input)),
    acceptHandoff: (input) =>
      act<'acceptHandoff'>(() => decideHandoffAction(actionContext, 'accepted', input)),
    declineHandoff: (input) =>
      act<'declineHandoff'>(() => decideHandoffAction(actionContext, 'declined', input)),
    ackPartialHandoff: (input) =>
      act<'ackPartialHandoff'>(() => ackPartialHandoffAction(actionContext, input)),
    markAgentGone: (input) => act<'markAgentGone'>(() => markAgentGoneAction(actionContext, input)),
    postMessage: (input) => act<'postMessage'>(() => postMessageAction(actionContext, input)),
  };

  function runDetail(input: ParsedInput<'runDetail'>): RequestOutput<'runDetail'> {
    const run = model.run(input.run_id);
    const fromHistory = history.runCheckpoints(input.run_id, model.runRecord(input.run_id));
    if (fromHistory.checkpoints.length > 0 || !run) {
      return { ...(run ? { run } : {}), ...fromHistory };
    }
    // The index has not reached this run yet: read its log directly (bounded by one run).
    try {
      const read = readRun(root, input.run_id, { now: now() });
      const checkpoints = read?.checkpoints ?? [];
      const attempts = new Map<
        number,
        { attempt: number; worker_id: string; first_ms: number; last_ms: number }
      >();
      for (const c of checkpoints) {
        const a = attempts.get(c.attempt);
        if (!a)
          attempts.set(c.attempt, {
            attempt: c.attempt,
            worker_id: c.worker_id,
            first_ms: c.committed_at_ms,
            last_ms: c.committed_at_ms,
          });
        else {
          a.first_ms = Math.min(a.first_ms, c.committed_at_ms);
          a.last_ms = Math.max(a.last_ms, c.committed_at_ms);
        }
      }
      return {
        run,
        checkpoints,
        attempts: [...attempts.values()].sort((a, b) => a.attempt - b.attempt),
      };
    } catch {
      return { run, ...fromHistory };
    }
  }

  await start();
  resolved = true;

  return {
    handlers,
    on(event, listener) {
      const set = listeners[event] as Set<typeof listener>;
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    status: () => status,
    async idle() {
      await rescanning;
      await model.idle();
      batcher.flush();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (retryTimer) clearInterval(retryTimer);
      if (indexTimer) clearInterval(indexTimer);
      await stopWatching();
      await actionChain.catch(() => {});
      batcher.flush();
      model.close();
      batcher.close();
      try {
        await history.close();
      } catch (error) {
        onError(
          error instanceof Error ? error : new Error(String(error)),
          'closing the history index',
        );
      }
    },
  };
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(
      fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
