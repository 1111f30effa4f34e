import fs from 'node:fs';
import { BatonError, hasErrnoCode } from '../errors.ts';
import { writeJsonAtomic } from '../files/atomic-write.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { validateName } from '../files/names.ts';
import { layout } from '../layout.ts';
import { assertCoordinationDir } from './agent-options.ts';
import {
  SerializedAgentSchema,
  type SerializedAgent,
  type SerializedRegistry,
} from './agent-schema.ts';
import { listAgents, type AgentView, type ReadAgentsOptions } from './read-agents.ts';
import { AgentRegistry, type RegistryConfig } from './registry.ts';

/**
 * The directory's agents as a harn-hostlib SerializedRegistry. Numeric ids: an agent keeps
 * the id it has in `previous` (matched by name = agent id); the others get the next free ids in
 * order of `started_at_ms`, then agent id. `name` is the agent id (the registry has no other
 * key), `state` the derived liveness, `locked_paths` the locks it really holds.
 *
 * @example
 * agentsAsRegistry('/coord'); // { next_id: 3, agents: [{ id: 1, name: 'builder-1', state: 'active', … }, …] }
 */
export function agentsAsRegistry(
  dir: string,
  options: ReadAgentsOptions & { previous?: SerializedRegistry } = {},
): SerializedRegistry {
  return registryFromAgents(listAgents(dir, options).agents, options.previous);
}

/**
 * The mapping behind {@link agentsAsRegistry}, for callers that already listed the agents.
 *
 * @example
 * const { agents, diagnostics } = listAgents('/coord');
 * registryFromAgents(agents);
 */
export function registryFromAgents(
  agents: readonly AgentView[],
  previous?: SerializedRegistry,
): SerializedRegistry {
  const ordered = agents
    .filter((view) => view.record !== undefined)
    .sort(
      (a, b) =>
        a.record!.started_at_ms - b.record!.started_at_ms ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const previousIds = new Map<string, number>();
  const duplicated = new Set<string>();
  for (const entry of previous?.agents ?? []) {
    if (previousIds.has(entry.name)) duplicated.add(entry.name);
    previousIds.set(entry.name, entry.id);
  }
  for (const name of duplicated) previousIds.delete(name);
  const taken = new Set<number>();
  // Never hand out an id the previous snapshot used, even for an agent whose record is gone.
  let nextId = Math.max(
    1,
    previous?.next_id ?? 1,
    ...(previous?.agents ?? []).map((entry) => entry.id + 1),
  );
  const kept = new Map<string, number>();
  for (const view of ordered) {
    const id = previousIds.get(view.id);
    if (id !== undefined && !taken.has(id)) {
      kept.set(view.id, id);
      taken.add(id);
      nextId = Math.max(nextId, id + 1);
    }
  }
  const entries: SerializedAgent[] = ordered.map((view) => {
    let id = kept.get(view.id);
    if (id === undefined) id = nextId++;
    return {
      id,
      name: view.id,
      state: view.liveness,
      last_seen_ms: view.record!.last_seen_ms,
      edit_count: view.record!.edit_count,
      locked_paths: view.held_paths,
    };
  });
  return AgentRegistry.fromSnapshot({}, { next_id: nextId, agents: entries }).snapshot();
}

/**
 * Write `registry/<name>.json`: the directory's agents as a SerializedRegistry (see
 * {@link agentsAsRegistry}). Agents already in that snapshot keep their ids, and `next_id`
 * never goes down, so ids are not reused.
 *
 * @example
 * writeRegistrySnapshot('/coord', 'nightly').next_id; // 3
 */
export function writeRegistrySnapshot(
  dir: string,
  name: string,
  options: ReadAgentsOptions = {},
): SerializedRegistry {
  validateName('snapshot name', name);
  assertCoordinationDir(dir);
  const file = layout(dir).registryFile(name);
  const previous = readPrevious(file);
  const registry = agentsAsRegistry(dir, { ...options, previous });
  writeJsonAtomic(file, registry, { mkdir: true });
  return registry;
}

export interface ReadSnapshotOptions {
  /** The clock for the reap rule; default `Date.now()`. */
  now?: number;
  /** The registry's silence timeout; default 45 s (a snapshot carries none of its own). */
  agent_timeout_ms?: number;
}

export interface SnapshotRead {
  file: string;
  /** The snapshot after the reap rule; agents that could not be used are left out. */
  registry: SerializedRegistry;
  diagnostics: Diagnostic[];
}

/**
 * Read a registry snapshot: `registry/<name>.json` of `dirOrFile` when `name` is given, else
 * the file `dirOrFile`. Applies harn-hostlib's reap on read (an active agent silent for over
 * the timeout becomes crashed and its locks are cleared); `next_id` is at least 1. Bad content
 * becomes diagnostics, never an exception; a missing file throws `not_found`.
 *
 * @example
 * readRegistrySnapshot('/coord', 'nightly').registry.agents.map((a) => a.state);
 * readRegistrySnapshot('/backups/registry.json');
 */
export function readRegistrySnapshot(
  dirOrFile: string,
  name?: string,
  options: ReadSnapshotOptions = {},
): SnapshotRead {
  if (name !== undefined) validateName('snapshot name', name);
  const file = name === undefined ? dirOrFile : layout(dirOrFile).registryFile(name);
  const config: Partial<RegistryConfig> =
    options.agent_timeout_ms === undefined ? {} : { agent_timeout_ms: options.agent_timeout_ms };
  let text: string;
  try {
    text = readText(file);
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) {
      throw new BatonError('not_found', `${file}: no such registry snapshot`, { path: file });
    }
    return {
      file,
      registry: { next_id: 1, agents: [] },
      diagnostics: [
        { path: file, reason: 'unreadable', message: `${file}: ${(error as Error).message}` },
      ],
    };
  }
  const parsed = parseRegistry(file, text);
  const registry = AgentRegistry.fromSnapshot(config, parsed.registry);
  registry.reap(options.now ?? Date.now());
  return { file, registry: registry.snapshot(), diagnostics: parsed.diagnostics };
}

/** The snapshot being replaced, if it exists and parses (its ids are kept). */
function readPrevious(file: string): SerializedRegistry | undefined {
  let text: string;
  try {
    text = readText(file);
  } catch {
    return undefined;
  }
  return parseRegistry(file, text).registry;
}

function readText(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** Parse SerializedRegistry JSON leniently: every usable agent is kept, each bad one reported. */
function parseRegistry(
  file: string,
  text: string,
): { registry: SerializedRegistry; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const empty = { next_id: 1, agents: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    diagnostics.push({
      path: file,
      reason: 'malformed',
      message: `${file}: not valid JSON (${(error as Error).message})`,
    });
    return { registry: empty, diagnostics };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    diagnostics.push({
      path: file,
      reason: 'malformed',
      message: `${file}: not a registry object {next_id, agents}`,
    });
    return { registry: empty, diagnostics };
  }
  const { next_id: rawNextId, agents: rawAgents } = raw as Record<string, unknown>;
  let nextId = 0; // serde's default for a missing next_id
  if (rawNextId !== undefined) {
    if (typeof rawNextId === 'number' && Number.isSafeInteger(rawNextId) && rawNextId >= 0) {
      nextId = rawNextId;
    } else {
      diagnostics.push({
        path: file,
        reason: 'malformed',
        message: `${file}: next_id must be a non-negative integer (got ${JSON.stringify(rawNextId)}); using the agents' ids`,
      });
    }
  }
  const agents: SerializedAgent[] = [];
  if (rawAgents !== undefined && !Array.isArray(rawAgents)) {
    diagnostics.push({
      path: file,
      reason: 'malformed',
      message: `${file}: agents must be an array`,
    });
  }
  const ids = new Set<number>();
  (Array.isArray(rawAgents) ? rawAgents : []).forEach((entry: unknown, index) => {
    const parsed = SerializedAgentSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
      diagnostics.push({
        path: file,
        reason: 'malformed',
        message: `${file}: agents[${index}]${where}: ${issue?.message ?? 'invalid agent'}; skipped`,
      });
      return;
    }
    if (!Number.isSafeInteger(parsed.data.id) || parsed.data.id >= Number.MAX_SAFE_INTEGER) {
      diagnostics.push({
        path: file,
        reason: 'malformed',
        message: `${file}: agents[${index}].id ${parsed.data.id} is too large; skipped`,
      });
      return;
    }
    if (ids.has(parsed.data.id)) {
      diagnostics.push({
        path: file,
        reason: 'malformed',
        message: `${file}: agents[${index}].id ${parsed.data.id} appears twice; the later entry wins`,
      });
    }
    ids.add(parsed.data.id);
    agents.push(parsed.data);
  });
  return { registry: { next_id: nextId, agents }, diagnostics };
}
