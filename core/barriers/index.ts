// Public API of checkpoint barriers: arrive, status, wait, list.
export { arriveBarrier } from './arrive-barrier.ts';
export {
  barrierStatus,
  listBarriers,
  type BarrierArrivalView,
  type BarrierStatus,
} from './barrier-status.ts';
export {
  DEFAULT_BARRIER_POLL_MS,
  waitBarrier,
  type BarrierWaitResult,
  type WaitBarrierOptions,
} from './wait-barrier.ts';
export {
  BARRIER_ARRIVAL_SCHEMA,
  BarrierArrivalSchema,
  type BarrierArrival,
} from './barrier-schema.ts';
