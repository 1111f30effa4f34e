import os from 'node:os';
import { BatonError } from '../errors.ts';
import { writeJsonAtomic } from '../files/atomic-write.ts';
import { validateName } from '../files/names.ts';
import { layout } from '../layout.ts';
import { recordActivity } from './agent-activity.ts';
import { assertCoordinationDir, positiveInteger, validateAgentFields } from './agent-options.ts';
import { DEFAULT_PATH_LOCK_TTL_MS } from './agent-schema.ts';
import { validateLockPath } from './lock-path.ts';
import { withPathLockGuard } from './path-lock-guard.ts';
import { isPidAliveOnThisHost, type IsPidAlive } from '../host/pid-alive.ts';
import { listAgents, readAgentFile, type ReadAgentsOptions } from './read-agents.ts';

export interface TryLockOptions {
  /** How long the lock lasts; default 30 s. Locking again extends it. */
  ttl_ms?: number;
  /** The clock (ms); default `Date.now()` once the guard is held. */
  now?: number;
  isPidAlive?: IsPidAlive;
  /** How to register the agent when it has no record yet (default pid: `process.pid`). */
  register?: { name?: string; pid?: number; host?: string; timeout_ms?: number };
  /** Bound on waiting for the cross-process guard; default 15 s. */
  guard_wait_ms?: number;
}

export interface LockResult {
  granted: boolean;
  /** Who holds the path now: the caller when granted, the other agent when not. */
  holder?: string;
  /** When the holder's lock expires. */
  expires_at_ms?: number;
}

/**
 * Try to take the advisory lock on `path` for `agentId` for `ttl_ms`. Granted unless another
 * agent that is active holds an unexpired lock on it (crashed and gone agents' locks count as
 * released). The check-and-set runs under a cross-process guard lease, so of N concurrent
 * callers exactly one wins. Taking a lock is a sign of life: it refreshes the caller's
 * `last_seen_ms` (and creates its record if missing, like a heartbeat).
 *
 * @example
 * const r = await tryLockPath('/coord', 'builder-1', 'src/main.ts', { ttl_ms: 60_000 });
 * if (!r.granted) console.log(`held by ${r.holder} until ${r.expires_at_ms}`);
 */
export async function tryLockPath(
  dir: string,
  agentId: string,
  path: string,
  options: TryLockOptions = {},
): Promise<LockResult> {
  validateName('agent id', agentId);
  validateLockPath(path);
  const ttl =
    options.ttl_ms === undefined
      ? DEFAULT_PATH_LOCK_TTL_MS
      : positiveInteger('ttl_ms', options.ttl_ms);
  if (options.register) validateAgentFields(options.register);
  assertCoordinationDir(dir);
  const isPidAlive = options.isPidAlive ?? isPidAliveOnThisHost;
  return withPathLockGuard(
    dir,
    agentId,
    () => {
      const now = options.now ?? Date.now();
      const { agents } = listAgents(dir, { now, isPidAlive });
      for (const other of agents) {
        if (other.id === agentId) continue;
        const expiry = ownValue(other.held_paths, path);
        if (expiry !== undefined) {
          return { granted: false, holder: other.id, expires_at_ms: expiry };
        }
      }
      const own = readAgentFile(layout(dir).agentFile(agentId), agentId);
      const register: NonNullable<TryLockOptions['register']> = own.ok
        ? {}
        : (options.register ?? {});
      const pid = own.ok ? own.value.pid : (register.pid ?? process.pid);
      const host = own.ok ? own.value.host : (register.host ?? os.hostname());
      if (pid !== undefined && !isPidAlive(pid, host)) {
        // Its recorded process is dead: a lock in its name would count for nothing.
        throw new BatonError(
          'invalid_argument',
          `agent ${JSON.stringify(agentId)} is crashed (pid ${pid} is not running on ${host}); heartbeat it with a live pid before locking`,
          { agent: agentId, pid, host },
        );
      }
      const expires = now + ttl;
      recordActivity(dir, agentId, {
        now,
        isPidAlive,
        ...register,
        lock: { path, expires_at_ms: expires },
      });
      return { granted: true, holder: agentId, expires_at_ms: expires };
    },
    { wait_ms: options.guard_wait_ms },
  );
}

/**
 * Release `agentId`'s lock on `path` (under the same guard as {@link tryLockPath}). A no-op,
 * `released: false`, when it holds no such lock or has no record.
 *
 * @example
 * await releasePath('/coord', 'builder-1', 'src/main.ts'); // { released: true }
 */
export async function releasePath(
  dir: string,
  agentId: string,
  path: string,
  options: { guard_wait_ms?: number } = {},
): Promise<{ released: boolean }> {
  validateName('agent id', agentId);
  validateLockPath(path);
  assertCoordinationDir(dir);
  const file = layout(dir).agentFile(agentId);
  return withPathLockGuard(
    dir,
    agentId,
    () => {
      const read = readAgentFile(file, agentId);
      if (!read.ok || ownValue(read.value.locked_paths, path) === undefined) {
        return { released: false };
      }
      const locked = new Map(Object.entries(read.value.locked_paths));
      locked.delete(path);
      writeJsonAtomic(file, { ...read.value, locked_paths: Object.fromEntries(locked) });
      return { released: true };
    },
    { wait_ms: options.guard_wait_ms },
  );
}

/**
 * The id of the agent holding `path` now (active, lock unexpired), or `undefined`.
 *
 * @example
 * pathHolder('/coord', 'src/main.ts'); // 'builder-1'
 */
export function pathHolder(
  dir: string,
  path: string,
  options: ReadAgentsOptions = {},
): string | undefined {
  validateLockPath(path);
  const { agents } = listAgents(dir, options);
  return agents.find((agent) => ownValue(agent.held_paths, path) !== undefined)?.id;
}

function ownValue(record: Record<string, number>, key: string): number | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
