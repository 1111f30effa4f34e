import fs from 'node:fs';
import path from 'node:path';
import { hasErrnoCode } from '../errors.ts';
import { isAtomicTemp } from '../files/atomic-write.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { isValidName, validateName } from '../files/names.ts';
import { readRecord, type RecordRead } from '../files/read-record.ts';
import { layout } from '../layout.ts';
import { agentLiveness, heldPaths } from './agent-liveness.ts';
import {
  AGENT_SCHEMA,
  AgentRecordSchema,
  type AgentLiveness,
  type AgentRecord,
} from './agent-schema.ts';
import { isPidAliveOnThisHost, type IsPidAlive } from '../host/pid-alive.ts';

/** What a reader knows about one agent at `now`. */
export interface AgentView {
  id: string;
  /** The record as read; absent when the file could not be used (see `diagnostic`). */
  record?: AgentRecord;
  /** Derived liveness. A record that cannot be read counts as `crashed`: not known to be
   *  alive, and holding no locks. */
  liveness: AgentLiveness;
  diagnostic?: Diagnostic;
  /** The locks the agent really holds now: unexpired, and only while it is active. */
  held_paths: Record<string, number>;
}

export interface ReadAgentsOptions {
  /** The clock (ms); default `Date.now()`. */
  now?: number;
  /** The pid check; default {@link isPidAliveOnThisHost}. */
  isPidAlive?: IsPidAlive;
}

/**
 * Read one agent's record and derive its liveness. `undefined` when it has no record; a
 * record that cannot be used comes back with a `diagnostic` (never thrown).
 *
 * @example
 * const view = readAgent('/coord', 'builder-1');
 * if (view?.liveness === 'crashed') console.log('builder-1 missed its heartbeat');
 */
export function readAgent(
  dir: string,
  id: string,
  options: ReadAgentsOptions = {},
): AgentView | undefined {
  validateName('agent id', id);
  const read = readAgentFile(layout(dir).agentFile(id), id);
  if (!read.ok && read.absent) return undefined;
  return toView(id, read, options.now ?? Date.now(), options.isPidAlive ?? isPidAliveOnThisHost);
}

/**
 * Every agent of the directory with its liveness and held locks, sorted by id. Files that
 * cannot be used are reported in `diagnostics` and left out of `agents`; a missing `agents/`
 * directory lists as empty.
 *
 * @example
 * const { agents } = listAgents('/coord');
 * agents.filter((a) => a.liveness === 'active').map((a) => a.id);
 */
export function listAgents(
  dir: string,
  options: ReadAgentsOptions = {},
): { agents: AgentView[]; diagnostics: Diagnostic[] } {
  const at = layout(dir);
  const now = options.now ?? Date.now();
  const isPidAlive = options.isPidAlive ?? isPidAliveOnThisHost;
  const agents: AgentView[] = [];
  const diagnostics: Diagnostic[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(at.agentsDir);
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) return { agents, diagnostics };
    diagnostics.push({
      path: at.agentsDir,
      reason: 'unreadable',
      message: `${at.agentsDir}: ${(error as Error).message}`,
    });
    return { agents, diagnostics };
  }
  for (const name of names.sort()) {
    if (!name.endsWith('.json') || isAtomicTemp(name)) continue;
    const file = path.join(at.agentsDir, name);
    const id = name.slice(0, -'.json'.length);
    if (!isValidName(id)) {
      diagnostics.push({
        path: file,
        reason: 'malformed',
        message: `${file}: ${JSON.stringify(id)} is not a valid agent id`,
      });
      continue;
    }
    const read = readAgentFile(file, id);
    if (!read.ok && read.absent) continue; // removed while we listed
    const view = toView(id, read, now, isPidAlive);
    if (view.diagnostic) diagnostics.push(view.diagnostic);
    else agents.push(view);
  }
  return { agents, diagnostics };
}

/** Read `agents/<id>.json`, also refusing a record whose `id` is not its file's name. */
export function readAgentFile(file: string, id: string): RecordRead<AgentRecord> {
  const read = readRecord(file, AgentRecordSchema, AGENT_SCHEMA);
  if (read.ok && read.value.id !== id) {
    return {
      ok: false,
      absent: false,
      raw: read.value,
      diagnostic: {
        path: file,
        reason: 'malformed',
        message: `${file}: id ${JSON.stringify(read.value.id)} does not match the file name (${JSON.stringify(id)})`,
      },
    };
  }
  return read;
}

function toView(
  id: string,
  read: RecordRead<AgentRecord>,
  now: number,
  isPidAlive: IsPidAlive,
): AgentView {
  if (!read.ok) {
    return read.absent
      ? { id, liveness: 'crashed', held_paths: {} }
      : { id, liveness: 'crashed', diagnostic: read.diagnostic, held_paths: {} };
  }
  const liveness = agentLiveness(read.value, now, isPidAlive);
  return { id, record: read.value, liveness, held_paths: heldPaths(read.value, liveness, now) };
}
