import { BatonError } from '../errors.ts';
import {
  DEFAULT_AGENT_TIMEOUT_MS,
  DEFAULT_PATH_LOCK_TTL_MS,
  type SerializedAgent,
  type SerializedRegistry,
} from './agent-schema.ts';

/** Lifecycle state of a registry agent (lowercase, as harn-hostlib serializes it). */
export type RegistryAgentState = 'active' | 'crashed' | 'gone';

/** Thresholds of an {@link AgentRegistry}. */
export interface RegistryConfig {
  /** Lock TTL when the caller gives none: 30 s. */
  default_lock_ttl_ms: number;
  /** Silence after which `reap` marks an active agent crashed: 45 s. */
  agent_timeout_ms: number;
}

export const DEFAULT_REGISTRY_CONFIG: Readonly<RegistryConfig> = Object.freeze({
  default_lock_ttl_ms: DEFAULT_PATH_LOCK_TTL_MS,
  agent_timeout_ms: DEFAULT_AGENT_TIMEOUT_MS,
});

/** One agent as the registry tracks it (a copy: changing it does not change the registry). */
export interface RegistryAgent {
  id: number;
  name: string;
  state: RegistryAgentState;
  last_seen_ms: number;
  edit_count: number;
  /** path -> expiry (ms). */
  locked_paths: Map<string, number>;
}

/**
 * harn-hostlib's in-memory agent registry with advisory per-path locks, ported to TypeScript.
 * Numeric ids; `reap(now)` is the one recovery step: an active agent silent for longer than
 * `agent_timeout_ms` becomes crashed and loses its locks. Registry snapshots on disk are read
 * and written through it. Deliberate differences from the seed (docs/format.md): a heartbeat
 * also revives a `gone` agent; only active agents' locks count in `tryLock`/`lockHolder`;
 * `tryLock` by a crashed agent revives it (and clears its stale locks) before locking;
 * `fromSnapshot` raises `next_id` above every restored id.
 *
 * @example
 * const reg = new AgentRegistry();
 * const id = reg.register('editor', Date.now());
 * reg.tryLock(id, 'src/main.rs', undefined, Date.now()); // true
 */
export class AgentRegistry {
  readonly #config: RegistryConfig;
  #nextId = 1;
  readonly #agents = new Map<number, RegistryAgent>();

  constructor(config: Partial<RegistryConfig> = {}) {
    this.#config = { ...DEFAULT_REGISTRY_CONFIG, ...config };
  }

  /** The thresholds in use. */
  config(): RegistryConfig {
    return { ...this.#config };
  }

  /** The id the next `register` hands out. */
  get nextId(): number {
    return this.#nextId;
  }

  /** Register a new agent under the next id and return the id. */
  register(name: string, nowMs: number): number {
    const id = this.#nextId;
    this.registerWithId(id, name, nowMs);
    return id;
  }

  /** Register (or replace) an agent under an explicit id; `next_id` moves past it. */
  registerWithId(id: number, name: string, nowMs: number): number {
    checkId(id);
    this.#nextId = Math.max(this.#nextId, id + 1);
    this.#agents.set(id, {
      id,
      name,
      state: 'active',
      last_seen_ms: nowMs,
      edit_count: 0,
      locked_paths: new Map(),
    });
    return id;
  }

  /** Refresh `last_seen_ms`; a crashed or gone agent becomes active again without its old
   *  locks; an unknown id is registered as `agent-<id>`. */
  heartbeat(id: number, nowMs: number): void {
    const agent = this.#agents.get(id);
    if (!agent) {
      this.registerWithId(id, `agent-${id}`, nowMs);
      return;
    }
    agent.last_seen_ms = nowMs;
    if (agent.state !== 'active') {
      agent.state = 'active';
      agent.locked_paths.clear();
    }
  }

  /** Forget an agent. No-op for an unknown id. */
  unregister(id: number): void {
    this.#agents.delete(id);
  }

  /** Every tracked agent, by id. */
  agents(): RegistryAgent[] {
    return [...this.#agents.keys()].sort((a, b) => a - b).map((id) => this.get(id)!);
  }

  /** One agent, or `undefined`. */
  get(id: number): RegistryAgent | undefined {
    const agent = this.#agents.get(id);
    return agent ? { ...agent, locked_paths: new Map(agent.locked_paths) } : undefined;
  }

  /** Count one edit by `id` and refresh its `last_seen_ms`. No-op for an unknown id. */
  noteEdit(id: number, nowMs: number): void {
    const agent = this.#agents.get(id);
    if (!agent) return;
    agent.edit_count += 1;
    agent.last_seen_ms = nowMs;
  }

  /**
   * Lock `path` for `agentId` until `now + ttl` (default TTL from the config) unless another
   * active agent holds an unexpired lock on it. Reaps first, so a silent holder does not block
   * forever. Registers an unknown caller. Returns whether the lock was granted.
   */
  tryLock(agentId: number, path: string, ttlMs: number | undefined, nowMs: number): boolean {
    this.reap(nowMs);
    const ttl = ttlMs ?? this.#config.default_lock_ttl_ms;
    for (const other of this.#agents.values()) {
      if (other.id === agentId || other.state !== 'active') continue;
      const expiry = other.locked_paths.get(path);
      if (expiry !== undefined && expiry > nowMs) return false;
    }
    this.heartbeat(agentId, nowMs);
    this.#agents.get(agentId)!.locked_paths.set(path, nowMs + ttl);
    return true;
  }

  /** Drop `agentId`'s lock on `path`. No-op when either is unknown. */
  releaseLock(agentId: number, path: string): void {
    this.#agents.get(agentId)?.locked_paths.delete(path);
  }

  /** The active agent holding an unexpired lock on `path` (after a reap), or `undefined`. */
  lockHolder(path: string, nowMs: number): number | undefined {
    this.reap(nowMs);
    for (const agent of this.#agents.values()) {
      if (agent.state !== 'active') continue;
      const expiry = agent.locked_paths.get(path);
      if (expiry !== undefined && expiry > nowMs) return agent.id;
    }
    return undefined;
  }

  /** Mark every active agent silent for longer than the timeout crashed and clear its
   *  locks. Idempotent. */
  reap(nowMs: number): void {
    for (const agent of this.#agents.values()) {
      if (agent.state === 'active' && nowMs - agent.last_seen_ms > this.#config.agent_timeout_ms) {
        agent.state = 'crashed';
        agent.locked_paths.clear();
      }
    }
  }

  /** The registry in harn-hostlib's SerializedRegistry shape (agents by id). */
  snapshot(): SerializedRegistry {
    return {
      next_id: this.#nextId,
      agents: this.agents().map((agent): SerializedAgent => ({
        id: agent.id,
        name: agent.name,
        state: agent.state,
        last_seen_ms: agent.last_seen_ms,
        edit_count: agent.edit_count,
        locked_paths: Object.fromEntries(agent.locked_paths),
      })),
    };
  }

  /**
   * Rebuild a registry from a snapshot, as is (call `reap` to apply the timeout). `next_id` is
   * at least 1 and above every restored id, so a new agent never takes an old one's id.
   *
   * @example
   * AgentRegistry.fromSnapshot(reg.config(), reg.snapshot()).get(1)?.name; // 'editor'
   */
  static fromSnapshot(
    config: Partial<RegistryConfig>,
    snap: Pick<SerializedRegistry, 'next_id' | 'agents'>,
  ): AgentRegistry {
    const registry = new AgentRegistry(config);
    let nextId = Math.max(1, snap.next_id);
    for (const entry of snap.agents) {
      checkId(entry.id);
      nextId = Math.max(nextId, entry.id + 1);
      registry.#agents.set(entry.id, {
        id: entry.id,
        name: entry.name,
        state: entry.state,
        last_seen_ms: entry.last_seen_ms,
        edit_count: entry.edit_count,
        locked_paths: new Map(Object.entries(entry.locked_paths)),
      });
    }
    registry.#nextId = nextId;
    return registry;
  }
}

function checkId(id: number): void {
  if (!Number.isSafeInteger(id) || id < 0 || id >= Number.MAX_SAFE_INTEGER) {
    throw new BatonError(
      'invalid_argument',
      `agent id ${id} must be a non-negative integer below ${Number.MAX_SAFE_INTEGER}`,
      { id },
    );
  }
}
