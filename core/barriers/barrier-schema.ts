import { z } from 'zod';
import { isValidName } from '../files/names.ts';

export const BARRIER_ARRIVAL_SCHEMA = 'baton.barrier_arrival.v1';
export const BARRIER_EXPECTATION_SCHEMA = 'baton.barrier_expectation.v1';

/** `barriers/<name>/<agent_id>.json`: one agent has reached the named checkpoint barrier. */
export const BarrierArrivalSchema = z.looseObject({
  schema: z.literal(BARRIER_ARRIVAL_SCHEMA),
  barrier: z.string().min(1),
  agent: z.string().min(1),
  arrived_at_ms: z.number().int(),
  note: z.string().optional(),
});
export type BarrierArrival = z.infer<typeof BarrierArrivalSchema>;

/**
 * `barriers/<name>/expected/<by>.json`: whom `by` (a creator or a waiter) expects at the barrier:
 * named agents, a number of arrivals, or both (the count then covers the named agents and
 * `count - agents.length` others).
 */
export const BarrierExpectationSchema = z
  .looseObject({
    schema: z.literal(BARRIER_EXPECTATION_SCHEMA),
    barrier: z.string().min(1),
    by: z.string().min(1),
    declared_at_ms: z.number().int(),
    agents: z.array(z.string().refine(isValidName, 'not a valid agent id')).optional(),
    count: z.number().int().positive().optional(),
  })
  .refine((e) => e.agents !== undefined || e.count !== undefined, {
    message: 'declares neither agents nor count',
  })
  .refine((e) => e.count === undefined || e.count >= (e.agents?.length ?? 0), {
    message: 'count is smaller than the agents it names',
  });
export type BarrierExpectation = z.infer<typeof BarrierExpectationSchema>;
