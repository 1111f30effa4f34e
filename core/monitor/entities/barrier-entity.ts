import type { BarrierView } from '../../api/views.ts';
import { barrierStatus, type BarrierStatus } from '../../barriers/index.ts';

/**
 * Read one barrier's arrivals through the barriers module; `undefined` when it has none (its
 * directory is gone or empty).
 *
 * @example
 * loadBarrier('/coord', 'tests-green')?.arrived.length;
 */
export function loadBarrier(dir: string, name: string): BarrierStatus | undefined {
  let status: BarrierStatus;
  try {
    status = barrierStatus(dir, name);
  } catch (error) {
    return {
      name,
      arrived: [],
      missing: [],
      complete: false,
      diagnostics: [
        {
          path: `${dir}/barriers/${name}`,
          reason: 'unreadable',
          message: `barrier ${name}: ${(error as Error).message}`,
        },
      ],
    };
  }
  if (status.arrived.length === 0 && status.diagnostics.length === 0) return undefined;
  return status;
}

/**
 * The contract's view of a barrier. The format records no expected list (only waiters know
 * it), so `expected` is absent, `missing` empty and `complete` false; the attention rule
 * infers who is missing from the live agents.
 *
 * @example
 * barrierView(status).first_arrival_ms;
 */
export function barrierView(status: BarrierStatus): BarrierView {
  const first = status.arrived[0];
  return {
    key: status.name,
    name: status.name,
    arrived: status.arrived.map((a) => ({ agent: a.agent, arrived_at_ms: a.arrived_at_ms })),
    missing: status.missing,
    complete: status.complete,
    ...(first ? { first_arrival_ms: first.arrived_at_ms } : {}),
  };
}
