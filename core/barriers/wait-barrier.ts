import fs from 'node:fs';
import { BatonError } from '../errors.ts';
import { validateName } from '../files/names.ts';
import { layout } from '../layout.ts';
import { barrierStatus, expectedAgents, type BarrierStatus } from './barrier-status.ts';
import { declareBarrier } from './declare-barrier.ts';

/** How often a waiter re-reads the barrier when no file event arrives (network filesystems). */
export const DEFAULT_BARRIER_POLL_MS = 1_000;

export interface WaitBarrierOptions {
  /** Give up after this long; the result is then `timeout` with what is still missing. */
  timeout_ms: number;
  /** Safety poll interval in case file events are missed (default 1 s). */
  poll_ms?: number;
  /** Declare the agents waited for as this agent's expectation of the barrier (see
   *  `declareBarrier`), so that others, the monitor included, know whom it waits for. */
  declare_as?: string;
}

export type BarrierWaitResult = BarrierStatus & {
  status: 'complete' | 'timeout';
  /** How long the wait took. */
  waited_ms: number;
};

/**
 * Wait until every agent in `agents` has arrived at barrier `name` (CogOS' WaitCheckpoint).
 * Wakes on file change (`fs.watch` on `barriers/<name>/`, created if missing so it can be
 * watched) with a polling fallback, and resolves no later than `timeout_ms` with status
 * `timeout` and the agents still `missing`. Watching starts before this function returns.
 * With `declare_as`, the wait is first recorded as that agent's expectation of the barrier.
 *
 * @example
 * const result = await waitBarrier('/coord', 'tests-green', ['a', 'b', 'c'], { timeout_ms: 60_000 });
 * if (result.status === 'timeout') console.log('still missing', result.missing);
 */
export function waitBarrier(
  dir: string,
  name: string,
  agents: readonly string[],
  options: WaitBarrierOptions,
): Promise<BarrierWaitResult> {
  validateName('barrier name', name);
  const expected = expectedAgents(agents);
  if (expected.length === 0) {
    throw new BatonError('invalid_argument', 'waiting on a barrier needs at least one agent');
  }
  const timeout = options.timeout_ms;
  if (!Number.isInteger(timeout) || timeout < 0) {
    throw new BatonError(
      'invalid_argument',
      `timeout_ms must be a non-negative integer (got ${timeout})`,
    );
  }
  const pollMs = options.poll_ms ?? DEFAULT_BARRIER_POLL_MS;
  if (!Number.isInteger(pollMs) || pollMs <= 0) {
    throw new BatonError('invalid_argument', `poll_ms must be a positive integer (got ${pollMs})`);
  }
  if (options.declare_as !== undefined) {
    declareBarrier(dir, name, options.declare_as, { agents: expected });
  }
  const started = Date.now();
  const first = barrierStatus(dir, name, expected);
  if (first.complete) return Promise.resolve({ ...first, status: 'complete', waited_ms: 0 });

  const barrierDir = layout(dir).barrierDir(name);
  fs.mkdirSync(barrierDir, { recursive: true });
  return new Promise((resolve, reject) => {
    let done = false;
    let watcher: fs.FSWatcher | undefined;
    const stop = () => {
      done = true;
      watcher?.close();
      clearInterval(poller);
      clearTimeout(deadline);
    };
    // Re-read the barrier; at the deadline a still-incomplete barrier ends the wait as timeout.
    const check = (final: boolean) => {
      if (done) return;
      try {
        const status = barrierStatus(dir, name, expected);
        if (!status.complete && !final) return;
        stop();
        const outcome = status.complete ? 'complete' : 'timeout';
        resolve({ ...status, status: outcome, waited_ms: Date.now() - started });
      } catch (error) {
        stop();
        reject(error);
      }
    };
    try {
      watcher = fs.watch(barrierDir, { persistent: true }, () => check(false));
      // A watch can fail later (the directory removed): the poll keeps the wait going.
      watcher.on('error', () => watcher?.close());
    } catch {
      watcher = undefined;
    }
    // Declared after `stop` and `check`, which only run once these exist (events are async).
    const poller = setInterval(() => check(false), pollMs);
    const deadline = setTimeout(() => check(true), timeout);
    // An arrival between the first read and the watch being set up would send no event.
    check(false);
  });
}
