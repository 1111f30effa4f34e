import { BatonError } from '../errors.ts';
import { writeJsonAtomic } from '../files/atomic-write.ts';
import { validateName } from '../files/names.ts';
import { layout } from '../layout.ts';
import { BARRIER_ARRIVAL_SCHEMA, type BarrierArrival } from './barrier-schema.ts';

/**
 * Mark `agent`'s arrival at the checkpoint barrier `name` (CogOS' CreateCheckpoint): writes
 * `barriers/<name>/<agent>.json` by tmp+rename, so a waiter never sees half a record. Arriving
 * again refreshes `arrived_at_ms` (and the note).
 *
 * @example
 * arriveBarrier('/coord', 'tests-green', 'builder-1', { note: 'unit tests pass' });
 */
export function arriveBarrier(
  dir: string,
  name: string,
  agent: string,
  options: { note?: string; now?: number } = {},
): BarrierArrival {
  validateName('barrier name', name);
  validateName('agent id', agent);
  if (options.note !== undefined && typeof options.note !== 'string') {
    throw new BatonError('invalid_argument', 'barrier note must be a string');
  }
  const record: BarrierArrival = {
    schema: BARRIER_ARRIVAL_SCHEMA,
    barrier: name,
    agent,
    arrived_at_ms: options.now ?? Date.now(),
    ...(options.note === undefined ? {} : { note: options.note }),
  };
  writeJsonAtomic(layout(dir).barrierFile(name, agent), record, { mkdir: true });
  return record;
}
