// Public API of checkpoint barriers: arrive, declare whom to expect, status, wait, list.
export { arriveBarrier } from './arrive-barrier.ts';
export { declareBarrier, type BarrierExpectationInput } from './declare-barrier.ts';
export {
  barrierStatus,
  combineExpectations,
  listBarriers,
  type BarrierArrivalView,
  type BarrierExpectationView,
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
  BARRIER_EXPECTATION_SCHEMA,
  BarrierArrivalSchema,
  BarrierExpectationSchema,
  type BarrierArrival,
  type BarrierExpectation,
} from './barrier-schema.ts';
