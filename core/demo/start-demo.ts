import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Thresholds } from '../monitor/index.ts';
import { prepareDemoDirectory } from './demo-directory.ts';
import {
  isAgentMessage,
  type DemoEvent,
  type DemoEventKind,
  type SupervisorToAgent,
} from './demo-events.ts';
import { resolveDemoOptions, type DemoOptions } from './demo-options.ts';
import { demoThresholds, scaledTiming } from './demo-timing.ts';
import {
  agentIdFor,
  crashAfter,
  fleetRoster,
  isWorkerRole,
  type AgentConfig,
  type SlotPlan,
} from './fleet-plan.ts';

/** What a finished demo did. */
export interface DemoSummary {
  dir: string;
  seed: number;
  speed: number;
  /** Worker agents (legacy-bot and pipeline-runner come on top). */
  agents: number;
  started_at_ms: number;
  stopped_at_ms: number;
  duration_ms: number;
  /** `duration` (ran its --duration), `stopped` (stop() or a signal). */
  stop_reason: 'duration' | 'stopped';
  /** Every agent process started, restarts included. */
  processes_started: number;
  crashes: number;
  restarts: number;
  /** Pid of every agent process ever started (all gone once `done` resolves). */
  pids: number[];
  /** Every agent id that ran. */
  agent_ids: string[];
  /** How many events of each kind. */
  events: Partial<Record<DemoEventKind, number>>;
}

/** A running demo fleet. */
export interface DemoHandle {
  /** The coordination directory the fleet works in. */
  dir: string;
  seed: number;
  speed: number;
  /** Monitor thresholds matching the demo's pace (pass to `createMonitor({ thresholds })`). */
  thresholds: Partial<Thresholds>;
  /** Stop every agent (cleanly, then by force) and wait until all have exited. */
  stop(): Promise<void>;
  /** Resolves with the summary once the demo stopped (by stop(), a signal or its duration). */
  done: Promise<DemoSummary>;
}

/** A cleanly stopping agent gets this long before it is killed. */
const STOP_GRACE_MS = 3000;
const AGENT_SCRIPT = fileURLToPath(new URL('./agent-process.ts', import.meta.url));
const STDERR_TAIL_CHARS = 2000;
/** The other agents start once the first is up, or after this long at the latest. */
const FIRST_AGENT_HEAD_START_MS = 3000;
const COMPILE_CACHE_DIR = path.join(os.tmpdir(), 'baton-demo-compile-cache');

interface SlotState {
  plan: SlotPlan;
  generation: number;
  id?: string;
  child?: ChildProcess;
  exited?: Promise<void>;
  restart?: NodeJS.Timeout;
}

/**
 * Start the demo fleet: a coordination directory (a fresh temp dir unless `dir` is given) and
 * one OS process per agent (`agent-process.ts`, run by `process.execPath`): workers that lease,
 * talk, run durable runs, hand off and meet at barriers, a pipeline publishing unsettled work,
 * and legacy-bot, which misbehaves. Agents crash now and then (SIGKILL, mid-work); the supervisor
 * restarts their slot a while later. Within about 3 s there are agents, leases, messages, a run
 * and a pending handoff. Stops on `stop()` or after `duration_ms`; agents also stop by themselves
 * when this process dies (they watch their IPC channel and parent pid), and any still alive
 * when this process exits are killed.
 *
 * @example
 * const demo = await startDemo({ speed: 2, duration_ms: 60_000, onEvent: (e) => console.log(e.text) });
 * console.log('watch', demo.dir);
 * const summary = await demo.done;
 */
export async function startDemo(options: DemoOptions = {}): Promise<DemoHandle> {
  const resolved = resolveDemoOptions(options);
  const dir = prepareDemoDirectory(resolved.dir);
  const timing = scaledTiming(resolved.speed);
  const roster = fleetRoster(resolved.agents);
  const workers = roster.filter((s) => isWorkerRole(s.role)).map((s) => s.base_id);
  const startedAt = Date.now();
  const execPath = options.execPath ?? process.execPath;
  const counts: Partial<Record<DemoEventKind, number>> = {};
  const pids: number[] = [];
  const agentIds = new Set<string>();
  let crashes = 0;
  let restarts = 0;
  let stopping: Promise<void> | undefined;
  let stopReason: DemoSummary['stop_reason'] = 'stopped';
  let resolveDone: (summary: DemoSummary) => void = () => {};
  const done = new Promise<DemoSummary>((resolve) => (resolveDone = resolve));

  const emit = (kind: DemoEventKind, text: string, extra: Partial<DemoEvent> = {}): void => {
    counts[kind] = (counts[kind] ?? 0) + 1;
    const event: DemoEvent = { t_ms: Date.now() - startedAt, kind, text, ...extra };
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's problem must not stop the fleet.
    }
  };

  const slots: SlotState[] = roster.map((plan) => ({ plan, generation: 0 }));
  let durationTimer: NodeJS.Timeout | undefined;

  // Last resort: whatever way this process exits, no agent outlives it.
  const killAll = (): void => {
    for (const slot of slots) slot.child?.kill('SIGKILL');
  };
  process.on('exit', killAll);

  const spawnSlot = (slot: SlotState): void => {
    const id = agentIdFor(slot.plan, slot.generation);
    const crash = crashAfter(resolved.seed, slot.plan, slot.generation, resolved.agents, timing);
    const config: AgentConfig = {
      dir,
      id,
      role: slot.plan.role,
      slot: slot.plan.slot,
      generation: slot.generation,
      seed: resolved.seed,
      speed: resolved.speed,
      ...(crash === undefined ? {} : { crash_after_ms: crash }),
      workers,
      barrier_members: workers.slice(0, 3),
      demo_started_at_ms: startedAt,
      supervisor_pid: process.pid,
    };
    const child = spawn(execPath, [AGENT_SCRIPT, JSON.stringify(config)], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: {
        ...process.env,
        BATON_AGENT_ID: id,
        // Loading core costs each agent ~0.6 s of CPU; Node's compile cache saves part of it
        // for every agent after the first (unless the caller chose a cache already).
        NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? COMPILE_CACHE_DIR,
        ...(process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}),
      },
    });
    slot.id = id;
    slot.child = child;
    agentIds.add(id);
    if (child.pid !== undefined) pids.push(child.pid);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.on('message', (raw: unknown) => {
      if (!isAgentMessage(raw)) return;
      if (raw.type === 'ready') {
        // Started = up and about to write its first records (loading core can take seconds).
        emit('agent_started', `started (${slot.plan.role}, pid ${child.pid ?? '?'})`, {
          agent: id,
          ...pidOf(child),
          data: { role: slot.plan.role, generation: slot.generation },
        });
        return;
      }
      emit(raw.kind, raw.text, { agent: id, ...(raw.data ? { data: raw.data } : {}) });
    });
    slot.exited = new Promise<void>((resolve) => {
      child.on('error', (error) => {
        emit('agent_failed', `could not start: ${error.message}`, { agent: id });
        resolve();
      });
      child.on('exit', (code, signal) => {
        if (slot.child === child) slot.child = undefined;
        if (stopping) {
          emit('agent_stopped', `stopped (${signal ?? `exit ${code}`})`, {
            agent: id,
            ...pidOf(child),
          });
        } else if (signal === 'SIGKILL') {
          crashes++;
          emit(
            'agent_crashed',
            `crashed hard (SIGKILL) mid-work: its leases go stale, its run is orphaned`,
            {
              agent: id,
              ...pidOf(child),
            },
          );
          scheduleRestart(slot);
        } else {
          const why = stderr.trim().split('\n').slice(-1)[0] ?? '';
          emit('agent_failed', `exited (${signal ?? `code ${code}`})${why ? `: ${why}` : ''}`, {
            agent: id,
            ...pidOf(child),
          });
          scheduleRestart(slot);
        }
        resolve();
      });
    });
  };

  const scheduleRestart = (slot: SlotState): void => {
    if (stopping) return;
    slot.restart = setTimeout(() => {
      slot.restart = undefined;
      if (stopping) return;
      slot.generation++;
      restarts++;
      const next = agentIdFor(slot.plan, slot.generation);
      emit('agent_restarting', `supervisor restarts slot ${slot.plan.slot} as ${next}`, {
        agent: next,
        data: { previous: slot.id, generation: slot.generation },
      });
      spawnSlot(slot);
    }, timing.restart_after);
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearTimeout(durationTimer);
      clearTimeout(restTimer);
      for (const slot of slots) clearTimeout(slot.restart);
      const running = slots.filter((s) => s.child);
      for (const slot of running) askToStop(slot.child);
      const exits = Promise.all(running.map((s) => s.exited));
      const graceful = await Promise.race([
        exits.then(() => true),
        delay(STOP_GRACE_MS).then(() => false),
      ]);
      if (!graceful) {
        killAll();
        await Promise.race([exits, delay(STOP_GRACE_MS)]);
      }
      process.off('exit', killAll);
      const stoppedAt = Date.now();
      emit(
        'demo_stopped',
        `demo stopped after ${((stoppedAt - startedAt) / 1000).toFixed(1)}s (${stopReason})`,
      );
      resolveDone({
        dir,
        seed: resolved.seed,
        speed: resolved.speed,
        agents: resolved.agents,
        started_at_ms: startedAt,
        stopped_at_ms: stoppedAt,
        duration_ms: stoppedAt - startedAt,
        stop_reason: stopReason,
        processes_started: pids.length,
        crashes,
        restarts,
        pids: [...pids],
        agent_ids: [...agentIds].sort(),
        events: { ...counts },
      });
    })();
    return stopping;
  };

  if (resolved.duration_ms !== undefined) {
    durationTimer = setTimeout(() => {
      stopReason = 'duration';
      void stop();
    }, resolved.duration_ms);
  }

  emit(
    'demo_started',
    `demo fleet in ${dir} (seed ${resolved.seed}, speed ${resolved.speed}, ${resolved.agents} workers + legacy-bot + pipeline-runner)`,
    { data: { dir, seed: resolved.seed, speed: resolved.speed, agents: resolved.agents } },
  );
  // The first worker alone opens the demo (a lease, messages, a run, a handoff for the absent
  // reviewer), so it starts first: loading core costs each agent ~0.6 s of CPU, and on a busy
  // machine seven agents loading at once would delay that first sign of life several seconds.
  const [first, ...rest] = slots;
  let restStarted = false;
  const startRest = (): void => {
    clearTimeout(restTimer);
    if (restStarted || stopping) return;
    restStarted = true;
    for (const slot of rest) spawnSlot(slot);
  };
  const restTimer = setTimeout(startRest, FIRST_AGENT_HEAD_START_MS);
  if (first) {
    spawnSlot(first);
    first.child?.once('message', startRest);
  } else {
    startRest();
  }

  return {
    dir,
    seed: resolved.seed,
    speed: resolved.speed,
    thresholds: demoThresholds(resolved.speed),
    stop,
    done,
  };
}

/**
 * Ask an agent to stop: a `stop` message over IPC and SIGTERM (both lead to the same clean
 * stop). The signal also covers an agent still loading its modules, which has no message
 * listener yet: it simply terminates, having written nothing.
 */
function askToStop(child: ChildProcess | undefined): void {
  if (!child) return;
  const message: SupervisorToAgent = { type: 'stop' };
  if (child.connected) {
    try {
      child.send(message);
    } catch {
      // the channel just closed; the signal below still reaches it
    }
  }
  child.kill('SIGTERM');
}

function pidOf(child: ChildProcess): { pid?: number } {
  return child.pid === undefined ? {} : { pid: child.pid };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
