import path from 'node:path';
import { isAtomicTemp } from '../files/atomic-write.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { isDirectory, readDirNamesOrEmpty } from '../files/directory-entries.ts';
import { isValidName, validateName } from '../files/names.ts';
import { readRecord } from '../files/read-record.ts';
import { layout } from '../layout.ts';
import { BARRIER_ARRIVAL_SCHEMA, BarrierArrivalSchema } from './barrier-schema.ts';

export interface BarrierArrivalView {
  agent: string;
  arrived_at_ms: number;
  note?: string;
}

export interface BarrierStatus {
  name: string;
  /** Every agent that arrived (expected or not), earliest first. */
  arrived: BarrierArrivalView[];
  /** The expected agents that have not arrived yet, in the order given. */
  missing: string[];
  /** True when agents were expected and all of them arrived. */
  complete: boolean;
  diagnostics: Diagnostic[];
}

/**
 * Who has reached barrier `name`, and which of the expected `agents` are still missing.
 * Without `agents` nothing is expected: `missing` is empty and `complete` is false (a barrier
 * is complete only relative to the agents someone waits for). Bad arrival files become
 * diagnostics; they never count as an arrival.
 *
 * @example
 * barrierStatus('/coord', 'tests-green', ['a', 'b']);
 * // { name: 'tests-green', arrived: [{ agent: 'a', arrived_at_ms: … }], missing: ['b'], complete: false, diagnostics: [] }
 */
export function barrierStatus(
  dir: string,
  name: string,
  agents?: readonly string[],
): BarrierStatus {
  validateName('barrier name', name);
  const expected = agents ? expectedAgents(agents) : undefined;
  const barrierDir = layout(dir).barrierDir(name);
  const arrived: BarrierArrivalView[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of arrivalFiles(barrierDir)) {
    const agent = file.slice(0, -'.json'.length);
    const at = path.join(barrierDir, file);
    const read = readRecord(at, BarrierArrivalSchema, BARRIER_ARRIVAL_SCHEMA);
    if (!read.ok) {
      if (!read.absent) diagnostics.push(read.diagnostic);
      continue;
    }
    if (read.value.agent !== agent || read.value.barrier !== name) {
      diagnostics.push({
        path: at,
        reason: 'malformed',
        message: `${at}: records agent ${JSON.stringify(read.value.agent)} at barrier ${JSON.stringify(read.value.barrier)}, not ${agent} at ${name}; not counted`,
      });
      continue;
    }
    arrived.push({
      agent,
      arrived_at_ms: read.value.arrived_at_ms,
      ...(read.value.note === undefined ? {} : { note: read.value.note }),
    });
  }
  arrived.sort((a, b) => a.arrived_at_ms - b.arrived_at_ms || a.agent.localeCompare(b.agent));
  const present = new Set(arrived.map((a) => a.agent));
  const missing = (expected ?? []).filter((agent) => !present.has(agent));
  return {
    name,
    arrived,
    missing,
    complete: expected !== undefined && missing.length === 0,
    diagnostics,
  };
}

/**
 * Every barrier in the directory with its arrivals, by name.
 *
 * @example
 * listBarriers('/coord').map((b) => `${b.name}: ${b.arrived.length} arrived`);
 */
export function listBarriers(dir: string): BarrierStatus[] {
  return readDirNamesOrEmpty(layout(dir).barriersDir)
    .filter(isValidName)
    .sort()
    .filter((name) => isDirectory(layout(dir).barrierDir(name)))
    .map((name) => barrierStatus(dir, name));
}

/** Validate and de-duplicate the expected agents (a barrier needs at least one). */
export function expectedAgents(agents: readonly string[]): string[] {
  const unique = [...new Set(agents)];
  for (const agent of unique) validateName('agent id', agent);
  return unique;
}

function arrivalFiles(barrierDir: string): string[] {
  return readDirNamesOrEmpty(barrierDir).filter(
    (f) => f.endsWith('.json') && !isAtomicTemp(f) && isValidName(f.slice(0, -'.json'.length)),
  );
}
