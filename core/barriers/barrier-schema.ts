import { z } from 'zod';

export const BARRIER_ARRIVAL_SCHEMA = 'baton.barrier_arrival.v1';

/** `barriers/<name>/<agent_id>.json`: one agent has reached the named checkpoint barrier. */
export const BarrierArrivalSchema = z.looseObject({
  schema: z.literal(BARRIER_ARRIVAL_SCHEMA),
  barrier: z.string().min(1),
  agent: z.string().min(1),
  arrived_at_ms: z.number().int(),
  note: z.string().optional(),
});
export type BarrierArrival = z.infer<typeof BarrierArrivalSchema>;
