import { BatonError } from '../errors.ts';
import { writeJsonAtomic } from '../files/atomic-write.ts';
import { validateName } from '../files/names.ts';
import { layout } from '../layout.ts';
import { BARRIER_EXPECTATION_SCHEMA, type BarrierExpectation } from './barrier-schema.ts';
import { expectedAgents } from './barrier-status.ts';

/** Whom a barrier is expected to gather: named agents, a number of arrivals, or both. */
export interface BarrierExpectationInput {
  agents?: readonly string[];
  /** Arrivals expected in all, named or not (at least as many as `agents`). */
  count?: number;
}

/**
 * Declare whom `by` expects at barrier `name` (whoever creates the barrier or waits on it):
 * writes `barriers/<name>/expected/<by>.json` by tmp+rename, creating the barrier if needed.
 * Declaring again replaces `by`'s previous declaration. Readers take every declaration into
 * account: the barrier expects every agent any of them names, and the largest count. Barriers
 * without declarations keep working as before (nothing is expected unless a caller says so).
 *
 * @example
 * declareBarrier('/coord', 'tests-green', 'coordinator', { agents: ['a', 'b', 'c'] });
 * declareBarrier('/coord', 'shard-done', 'coordinator', { count: 8 });
 */
export function declareBarrier(
  dir: string,
  name: string,
  by: string,
  expect: BarrierExpectationInput,
  options: { now?: number } = {},
): BarrierExpectation {
  validateName('barrier name', name);
  validateName('agent id', by);
  const agents = expect.agents === undefined ? undefined : expectedAgents(expect.agents);
  const { count } = expect;
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new BatonError(
      'invalid_argument',
      `expected count must be a positive integer (got ${count})`,
    );
  }
  if ((agents === undefined || agents.length === 0) && count === undefined) {
    throw new BatonError('invalid_argument', 'a barrier expectation needs agents or a count');
  }
  if (count !== undefined && agents !== undefined && count < agents.length) {
    throw new BatonError(
      'invalid_argument',
      `expected count ${count} is smaller than the ${agents.length} agents named`,
    );
  }
  const record: BarrierExpectation = {
    schema: BARRIER_EXPECTATION_SCHEMA,
    barrier: name,
    by,
    declared_at_ms: options.now ?? Date.now(),
    ...(agents !== undefined && agents.length > 0 ? { agents } : {}),
    ...(count === undefined ? {} : { count }),
  };
  writeJsonAtomic(layout(dir).barrierExpectationFile(name, by), record, { mkdir: true });
  return record;
}
