import { BatonError } from '../index.ts';
import type { DemoEvent } from './demo-events.ts';

/** What `startDemo` accepts; every field has a default. */
export interface DemoOptions {
  /** The coordination directory; default a fresh temporary directory (`baton-demo-*`). It must
   *  be new, empty, or a directory an earlier demo used: a demo never writes into a real fleet. */
  dir?: string;
  /** Worker agents (default 5, 1 to 24); `legacy-bot` and `pipeline-runner` always come too. */
  agents?: number;
  /** Time scale: 2 runs every interval, TTL and deadline twice as fast (default 1, 0.1 to 50). */
  speed?: number;
  /** Seed of every random choice (default 1): the same seed plays the same fleet. */
  seed?: number;
  /** Stop by itself after this many ms (default: run until `stop()`). */
  duration_ms?: number;
  /** Called for every notable event, in the supervisor's process. */
  onEvent?: (event: DemoEvent) => void;
  /** The runtime that runs each agent (default `process.execPath`; inside Electron it is run
   *  with ELECTRON_RUN_AS_NODE=1). */
  execPath?: string;
}

/** {@link DemoOptions} with defaults applied and validated. */
export interface ResolvedDemoOptions {
  dir: string | undefined;
  agents: number;
  speed: number;
  seed: number;
  duration_ms: number | undefined;
}

export const DEFAULT_DEMO_AGENTS = 5;
export const MAX_DEMO_AGENTS = 24;
export const MIN_DEMO_SPEED = 0.1;
export const MAX_DEMO_SPEED = 50;

/**
 * Apply defaults and check ranges; throws `invalid_argument` naming the option.
 *
 * @example
 * resolveDemoOptions({ speed: 10 }); // { agents: 5, speed: 10, seed: 1, … }
 */
export function resolveDemoOptions(options: DemoOptions): ResolvedDemoOptions {
  const agents = options.agents ?? DEFAULT_DEMO_AGENTS;
  if (!Number.isInteger(agents) || agents < 1 || agents > MAX_DEMO_AGENTS) {
    throw invalid(`agents must be an integer from 1 to ${MAX_DEMO_AGENTS} (got ${agents})`);
  }
  const speed = options.speed ?? 1;
  if (!Number.isFinite(speed) || speed < MIN_DEMO_SPEED || speed > MAX_DEMO_SPEED) {
    throw invalid(`speed must be from ${MIN_DEMO_SPEED} to ${MAX_DEMO_SPEED} (got ${speed})`);
  }
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw invalid(`seed must be a non-negative integer (got ${seed})`);
  }
  const duration = options.duration_ms;
  if (duration !== undefined && (!Number.isFinite(duration) || duration <= 0)) {
    throw invalid(`duration must be a positive number of ms (got ${duration})`);
  }
  return { dir: options.dir, agents, speed, seed, duration_ms: duration };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parse a duration: `500ms`, `30s`, `5m`, `1h`, `1.5m`, or a plain number of milliseconds.
 *
 * @example
 * parseDuration('30s'); // 30000
 * parseDuration('2500'); // 2500
 */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  const amount = match ? Number(match[1]) : NaN;
  const unit = UNIT_MS[match?.[2] ?? 'ms'] ?? 1;
  const ms = Math.round(amount * unit);
  if (!Number.isFinite(ms) || ms <= 0) {
    throw invalid(`duration must look like 30s, 5m, 1h, 500ms or a number of ms (got "${text}")`);
  }
  return ms;
}

function invalid(message: string): BatonError {
  return new BatonError('invalid_argument', message);
}
