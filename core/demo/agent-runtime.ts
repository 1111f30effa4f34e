import {
  heartbeat,
  noteEdit,
  rooms,
  unregisterAgent,
  type AgentCurrent,
  type PostInput,
  type Receipt,
  type RoomRef,
  type RunHandle,
} from '../index.ts';
import { acquireLease, releaseLease, renewLease, type AcquireResult } from '../leases/index.ts';
import { report } from './child-link.ts';
import type { DemoEventKind } from './demo-events.ts';
import { scaledTiming, type TimingName } from './demo-timing.ts';
import type { AgentConfig } from './fleet-plan.ts';
import { createRng, deriveSeed, type Rng } from './prng.ts';

/** How a role's agent reaches the fleet: the core API plus the chores every agent has. */
export interface AgentRuntime {
  readonly config: AgentConfig;
  readonly dir: string;
  readonly id: string;
  readonly rng: Rng;
  readonly timing: Record<TimingName, number>;
  readonly started_at_ms: number;
  /** True once the agent was asked to stop; loops check it after every await. */
  readonly stopping: boolean;
  /** Wait `ms`; returns early (at once) when the agent starts stopping. */
  sleep(ms: number): Promise<void>;
  /** Run `fn` now and then again every `ms()` ms until the agent stops; errors are reported. */
  every(ms: () => number, fn: () => void | Promise<void>, label: string): void;
  /** Acquire a lease for this agent and report it; it is kept renewed, and released on a clean
   *  stop. With `track` false it is fire-and-forget: never renewed nor released (legacy-bot). */
  acquire(resource: string, reason: string, ttlMs?: number, track?: boolean): AcquireResult;
  /** Release a lease this agent holds (no-op when it holds none). */
  release(resource: string): void;
  holds(resource: string): boolean;
  /** Post to a room (as this agent) and report it; undefined when the post failed. */
  post(room: RoomRef, input: Omit<PostInput, 'from'>): Receipt | undefined;
  /** Reply to `parent` in `room` and report it. */
  reply(
    room: RoomRef,
    parent: rooms.ReplyParent,
    input: Omit<PostInput, 'from'>,
  ): Receipt | undefined;
  /** Send a request to `to` in `room` and report it. */
  request(room: RoomRef, to: string, input: Omit<PostInput, 'from' | 'to'>): Receipt | undefined;
  /** What the agent works on (shown in its heartbeat record). */
  setCurrent(current: AgentCurrent): void;
  heartbeatNow(): void;
  /** Count one edit in the agent's record (a sign of life too). */
  noteEdit(): void;
  /** The run this agent drives now: disposed on a clean stop. */
  setRun(run: RunHandle | undefined): void;
  /** SIGKILL this process if its planned crash time has come (call it mid-work). */
  maybeCrash(): void;
  report(kind: DemoEventKind, text: string, data?: Record<string, unknown>): void;
  /** Run `fn`; report (do not throw) what it throws. */
  safely<T>(label: string, fn: () => T): T | undefined;
  /** Stop cleanly: dispose the run, release leases, unregister, exit (0 unless `code`). */
  shutdown(why: string, code?: number): never;
}

export interface RuntimeOptions {
  /** Added to the clock in heartbeats: legacy-bot's clock runs ahead. */
  clock_offset_ms?: number;
  /** The host its heartbeats name (default this machine's). */
  host?: string;
  /** Display name in its agent record. */
  name?: string;
}

/**
 * The runtime of one agent process: its seeded randomness, scaled timings, heartbeat and
 * lease-renewal loops, and the clean stop (everything an agent built on Baton would do).
 *
 * @example
 * const rt = createAgentRuntime(config);
 * rt.acquire('src/api/server.ts', 'retry refactor');
 */
export function createAgentRuntime(
  config: AgentConfig,
  options: RuntimeOptions = {},
): AgentRuntime {
  const timing = scaledTiming(config.speed);
  const rng = createRng(deriveSeed(config.seed, 'agent', config.slot, config.generation));
  const startedAt = Date.now();
  const held = new Map<string, { token: string; ttl_ms: number }>();
  const timers = new Set<NodeJS.Timeout>();
  const sleepers = new Set<() => void>();
  let stopping = false;
  let current: AgentCurrent = {};
  let run: RunHandle | undefined;

  const safely = <T>(label: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (!stopping) report('error', `${label}: ${describe(error)}`);
      return undefined;
    }
  };

  const heartbeatNow = (): void => {
    const offset = options.clock_offset_ms ?? 0;
    safely('heartbeat', () =>
      heartbeat(config.dir, config.id, {
        name: options.name ?? config.id,
        timeout_ms: timing.agent_timeout,
        current,
        ...(offset !== 0 ? { now: Date.now() + offset } : {}),
        ...(options.host ? { host: options.host } : {}),
      }),
    );
  };

  const renewAll = (): void => {
    for (const [resource, lease] of held) {
      try {
        renewLease(config.dir, resource, lease.token, { ttl_ms: lease.ttl_ms });
      } catch (error) {
        // A busy claim is transient; anything else means someone took the lease (we stalled).
        if ((error as { code?: string }).code === 'conflict') continue;
        held.delete(resource);
        report('lease_lost', `lost ${resource}: ${describe(error)}`, { resource });
      }
    }
  };

  const postAndReport = (room: RoomRef, write: () => Receipt): Receipt | undefined => {
    const receipt = safely('post', write);
    if (receipt) {
      const m = receipt.message;
      const to = typeof m.to === 'string' ? ` -> ${m.to}` : '';
      report('message', `${m.kind}${to} in ${rooms.formatRoomRef(room)}: ${clip(m.body)}`, {
        room: rooms.formatRoomRef(room),
        kind: m.kind,
        id: m.id,
        ...(m.reply_to ? { reply_to: m.reply_to } : {}),
        ...(typeof m.to === 'string' ? { to: m.to } : {}),
      });
    }
    return receipt;
  };

  const runtime: AgentRuntime = {
    config,
    dir: config.dir,
    id: config.id,
    rng,
    timing,
    started_at_ms: startedAt,
    get stopping() {
      return stopping;
    },
    sleep(ms) {
      if (stopping) return Promise.resolve();
      return new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          timers.delete(timer);
          sleepers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        timers.add(timer);
        sleepers.add(done);
      });
    },
    every(ms, fn, label) {
      const tick = async (): Promise<void> => {
        if (stopping) return;
        try {
          await fn();
        } catch (error) {
          if (!stopping) report('error', `${label}: ${describe(error)}`);
        }
        if (stopping) return;
        const timer = setTimeout(() => {
          timers.delete(timer);
          void tick();
        }, ms());
        timers.add(timer);
      };
      void tick();
    },
    acquire(resource, reason, ttlMs = timing.lease_ttl, track = true) {
      const result = acquireLease(config.dir, resource, {
        ttl_ms: ttlMs,
        owner: { id: config.id, agent: config.id, ...(run ? { run_id: run.run_id } : {}) },
        reason,
      });
      if (result.acquired) {
        if (track) held.set(resource, { token: result.token, ttl_ms: ttlMs });
        if (result.stale_removed) {
          report(
            'lease_taken_over',
            `took over stale ${resource} from ${result.stale_removed.owner.id}`,
            { resource, from: result.stale_removed.owner.id },
          );
        } else {
          report('lease_acquired', `acquired ${resource} (${reason})`, { resource });
        }
      } else {
        report(
          'lease_conflict',
          `wanted ${resource}: ${result.reason}, held by ${result.holder?.owner.id ?? 'unknown'}`,
          {
            resource,
            state: result.reason,
            ...(result.holder ? { holder: result.holder.owner.id } : {}),
          },
        );
      }
      return result;
    },
    release(resource) {
      const lease = held.get(resource);
      if (!lease) return;
      held.delete(resource);
      safely('release', () => releaseLease(config.dir, resource, { token: lease.token }));
    },
    holds: (resource) => held.has(resource),
    post: (room, input) =>
      postAndReport(room, () => rooms.post(config.dir, room, { ...input, from: config.id })),
    reply: (room, parent, input) =>
      postAndReport(room, () =>
        rooms.reply(config.dir, room, parent, { ...input, from: config.id }),
      ),
    request: (room, to, input) =>
      postAndReport(room, () => rooms.request(config.dir, room, to, { ...input, from: config.id })),
    setCurrent(next) {
      current = next;
    },
    heartbeatNow,
    noteEdit() {
      noteEdit(config.dir, config.id);
    },
    setRun(next) {
      run = next;
    },
    maybeCrash() {
      const after = config.crash_after_ms;
      if (after === undefined || stopping) return;
      if (Date.now() - startedAt < after) return;
      // A hard crash, as when an agent's process is OOM-killed: no finally blocks, no release.
      // Its leases go stale, its run is orphaned, and the supervisor notices the exit.
      process.kill(process.pid, 'SIGKILL');
    },
    report,
    safely,
    shutdown(_why, code = 0) {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const wake of [...sleepers]) wake();
      if (run) {
        const handle = run;
        safely('dispose run', () => handle.dispose());
      }
      for (const resource of [...held.keys()]) runtime.release(resource);
      // A departed agent works on nothing: clear `current`, then mark the record gone.
      current = {};
      heartbeatNow();
      safely('unregister', () => unregisterAgent(config.dir, config.id));
      process.exit(code);
    },
  };

  runtime.every(() => timing.heartbeat_every, heartbeatNow, 'heartbeat');
  runtime.every(() => timing.renew_every, renewAll, 'renew');
  return runtime;
}

/** A message body cut for one terminal line. */
export function clip(text: string, max = 90): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** An error as one short line. */
export function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n', 1)[0] ?? error.name) : String(error);
}
