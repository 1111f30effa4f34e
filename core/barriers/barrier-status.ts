import type { Diagnostic } from '../files/diagnostic.ts';
import { isDirectory, readDirNamesOrEmpty } from '../files/directory-entries.ts';
import { isValidName, validateName } from '../files/names.ts';
import { layout } from '../layout.ts';
import {
  BARRIER_ARRIVAL_SCHEMA,
  BARRIER_EXPECTATION_SCHEMA,
  BarrierArrivalSchema,
  BarrierExpectationSchema,
} from './barrier-schema.ts';
import { readBarrierRecords } from './read-barrier-records.ts';

export interface BarrierArrivalView {
  agent: string;
  arrived_at_ms: number;
  note?: string;
}

/** One declaration of whom a barrier expects (`barriers/<name>/expected/<by>.json`). */
export interface BarrierExpectationView {
  by: string;
  declared_at_ms: number;
  agents?: string[];
  count?: number;
}

export interface BarrierStatus {
  name: string;
  /** Every agent that arrived (expected or not), earliest first. */
  arrived: BarrierArrivalView[];
  /** The expected agents that have not arrived yet, in the order given. */
  missing: string[];
  /** True when something is expected and all of it arrived (the named agents, and as many
   *  arrivals as the expected count). */
  complete: boolean;
  /** The agents expected: the caller's, else every agent a declaration names (absent when
   *  nobody named any). */
  expected?: string[];
  /** How many arrivals the declarations expect in all, named or not (present when one declared
   *  a count; never less than `expected.length`). */
  expected_count?: number;
  /** Who declared what they expect, earliest first (absent when nobody did). */
  declarations?: BarrierExpectationView[];
  diagnostics: Diagnostic[];
}

/**
 * Who has reached barrier `name`, and which of the expected agents are still missing. The
 * expected agents are `agents` when given, else what the barrier's declarations expect
 * (see `declareBarrier`). With neither, nothing is expected: `missing` is empty and `complete`
 * is false (a barrier is complete only relative to what someone expects). Bad arrival or
 * declaration files become diagnostics; they never count.
 *
 * @example
 * barrierStatus('/coord', 'tests-green', ['a', 'b']);
 * // { name: 'tests-green', arrived: [{ agent: 'a', arrived_at_ms: … }], missing: ['b'], complete: false, expected: ['a', 'b'], diagnostics: [] }
 */
export function barrierStatus(
  dir: string,
  name: string,
  agents?: readonly string[],
): BarrierStatus {
  validateName('barrier name', name);
  const given = agents ? expectedAgents(agents) : undefined;
  const at = layout(dir);
  const arrivals = readBarrierRecords({
    folder: at.barrierDir(name),
    barrier: name,
    schema: BarrierArrivalSchema,
    schemaName: BARRIER_ARRIVAL_SCHEMA,
    idLabel: 'agent',
    idOf: (a) => a.agent,
  });
  const declared = readBarrierRecords({
    folder: at.barrierExpectedDir(name),
    barrier: name,
    schema: BarrierExpectationSchema,
    schemaName: BARRIER_EXPECTATION_SCHEMA,
    idLabel: 'declarer',
    idOf: (e) => e.by,
  });
  const arrived: BarrierArrivalView[] = arrivals.records.map((a) => ({
    agent: a.agent,
    arrived_at_ms: a.arrived_at_ms,
    ...(a.note === undefined ? {} : { note: a.note }),
  }));
  arrived.sort((a, b) => a.arrived_at_ms - b.arrived_at_ms || a.agent.localeCompare(b.agent));
  const declarations: BarrierExpectationView[] = declared.records.map((e) => ({
    by: e.by,
    declared_at_ms: e.declared_at_ms,
    ...(e.agents === undefined ? {} : { agents: e.agents }),
    ...(e.count === undefined ? {} : { count: e.count }),
  }));
  declarations.sort((a, b) => a.declared_at_ms - b.declared_at_ms || a.by.localeCompare(b.by));
  const expectation = given ? { agents: given } : combineExpectations(declarations);
  const present = new Set(arrived.map((a) => a.agent));
  const missing = (expectation?.agents ?? []).filter((agent) => !present.has(agent));
  const count = expectation?.count;
  return {
    name,
    arrived,
    missing,
    complete: expectation !== undefined && missing.length === 0 && arrived.length >= (count ?? 0),
    ...(expectation && expectation.agents.length > 0 ? { expected: expectation.agents } : {}),
    ...(count === undefined ? {} : { expected_count: count }),
    ...(declarations.length > 0 ? { declarations } : {}),
    diagnostics: [...arrivals.diagnostics, ...declared.diagnostics],
  };
}

/**
 * What a barrier's declarations expect together: every agent any of them names (earliest
 * declaration first), and the largest count (at least the number of agents named), if any
 * declared one. Undefined when there are no declarations.
 *
 * @example
 * combineExpectations([{ by: 'c', declared_at_ms: 1, agents: ['a', 'b'] }, { by: 'w', declared_at_ms: 2, count: 3 }]);
 * // { agents: ['a', 'b'], count: 3 }
 */
export function combineExpectations(
  declarations: readonly BarrierExpectationView[],
): { agents: string[]; count?: number } | undefined {
  if (declarations.length === 0) return undefined;
  const agents = [...new Set(declarations.flatMap((d) => d.agents ?? []))];
  const counts = declarations.flatMap((d) => (d.count === undefined ? [] : [d.count]));
  return counts.length === 0 ? { agents } : { agents, count: Math.max(agents.length, ...counts) };
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
