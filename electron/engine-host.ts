import path from 'node:path';
import type { MonitorHandlers, MonitorService } from '../core/api/contract.ts';

/** What the host needs of an engine (core/monitor's Monitor satisfies it). */
export interface HostedEngine extends MonitorService {
  close(): Promise<void>;
}

export interface EngineHostOptions {
  /** Start the monitor engine on `dir` (main: createMonitor with the app's data dir). */
  start(dir: string): Promise<HostedEngine>;
  /** The recent directories, most recent first (`info.recent_dirs`). */
  recentDirs(): string[];
  /** Told of every switch: the transport and the notifier follow the new engine. */
  onSwitch(service: MonitorService | undefined, dir: string | undefined): void | Promise<void>;
}

export interface EngineHost {
  /** Watch `dir` from now on: the running engine is closed first, then a new one started. */
  open(dir: string): Promise<void>;
  /** The directory being watched, if any. */
  dir(): string | undefined;
  close(): Promise<void>;
}

/**
 * Runs one monitor engine at a time in the main process and restarts it when the operator
 * switches directory. Switches are serialised (a second Open waits for the first), and the old
 * engine is detached from the transport BEFORE it closes, so no call reaches a closing engine.
 * The service handed on answers `info.recent_dirs` from the app's recent list (the engine only
 * knows its own directory).
 *
 * @example
 * const host = createEngineHost({ start: (dir) => createMonitor({ dir, dataDir }), recentDirs, onSwitch });
 * await host.open('/srv/coord');
 */
export function createEngineHost(options: EngineHostOptions): EngineHost {
  let engine: HostedEngine | undefined;
  let current: string | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;

  function serial<T>(step: () => Promise<T>): Promise<T> {
    const next = chain.then(step);
    chain = next.catch(() => {});
    return next;
  }

  async function stop(): Promise<void> {
    const old = engine;
    engine = undefined;
    current = undefined;
    await options.onSwitch(undefined, undefined);
    await old?.close();
  }

  return {
    open(dir) {
      return serial(async () => {
        if (closed) throw new Error('the engine host is closed');
        const resolved = path.resolve(dir);
        await stop();
        const started = await options.start(resolved);
        engine = started;
        current = resolved;
        await options.onSwitch(withRecentDirs(started, resolved, options.recentDirs), resolved);
      });
    },
    dir: () => current,
    close() {
      return serial(async () => {
        closed = true;
        await stop();
      });
    },
  };
}

/** The engine's service with `info.recent_dirs` from the app's list (the watched dir first). */
function withRecentDirs(
  engine: MonitorService,
  dir: string,
  recentDirs: () => string[],
): MonitorService {
  const handlers: MonitorHandlers = {
    ...engine.handlers,
    info: async (input) => {
      const info = await engine.handlers.info(input);
      return { ...info, recent_dirs: [...new Set([dir, ...recentDirs()])] };
    },
  };
  return { handlers, on: (event, listener) => engine.on(event, listener) };
}
