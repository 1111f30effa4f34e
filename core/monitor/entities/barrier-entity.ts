import path from 'node:path';
import type { BarrierView } from '../../api/views.ts';
import { barrierStatus, type BarrierStatus } from '../../barriers/index.ts';
import { directoryProblem } from '../../files/directory-problem.ts';

/**
 * Read one barrier's arrivals and declarations through the barriers module; `undefined` when it
 * has neither (its directory is gone or empty) and nothing there is wrong.
 *
 * @example
 * loadBarrier('/coord', 'tests-green')?.arrived.length;
 */
export function loadBarrier(dir: string, name: string): BarrierStatus | undefined {
  // A file where the barrier's directory (or its expected/ folder) belongs reads as "nothing
  // there" below: report it, or the operator never learns why the barrier is missing.
  const barrierDir = path.join(dir, 'barriers', name);
  const misplaced = directoryProblem(barrierDir);
  if (misplaced)
    return { name, arrived: [], missing: [], complete: false, diagnostics: [misplaced] };
  const expectedProblem = directoryProblem(path.join(barrierDir, 'expected'));
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
  if (expectedProblem)
    status = { ...status, diagnostics: [...status.diagnostics, expectedProblem] };
  const declared = status.declarations?.length ?? 0;
  if (status.arrived.length === 0 && declared === 0 && status.diagnostics.length === 0) {
    return undefined;
  }
  return status;
}

/**
 * The contract's view of a barrier: its arrivals and, when someone declared whom it expects
 * (`barriers/<name>/expected/`), the expected agents and count, who is missing and whether it is
 * complete. Without a declaration `expected` is absent, `missing` empty and `complete` false;
 * the attention rule then infers who is missing from the live agents.
 *
 * @example
 * barrierView(status).missing; // ['b1']
 */
export function barrierView(status: BarrierStatus): BarrierView {
  const first = status.arrived[0];
  const declarations = status.declarations ?? [];
  return {
    key: status.name,
    name: status.name,
    arrived: status.arrived.map((a) => ({ agent: a.agent, arrived_at_ms: a.arrived_at_ms })),
    ...(status.expected ? { expected: status.expected } : {}),
    ...(status.expected_count !== undefined ? { expected_count: status.expected_count } : {}),
    missing: status.missing,
    complete: status.complete,
    ...(first ? { first_arrival_ms: first.arrived_at_ms } : {}),
    ...(declarations.length > 0
      ? {
          declared_by: declarations.map((d) => d.by),
          declared_at_ms: Math.min(...declarations.map((d) => d.declared_at_ms)),
        }
      : {}),
  };
}
