import {
  REQUEST_NAMES,
  type MonitorHandlers,
  type MonitorService,
  type RequestName,
} from '../../../core/api/contract.ts';

/**
 * Wrap a service so every handler call is counted: tests prove a refused message never reached
 * a handler (sender refused, unknown method, bad input).
 */
export function spyService(
  inner: MonitorService,
): MonitorService & { calls: Map<RequestName, number>; total(): number } {
  const calls = new Map<RequestName, number>();
  const handlers = Object.fromEntries(
    REQUEST_NAMES.map((name) => [
      name,
      (input: unknown) => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return (inner.handlers[name] as (input: unknown) => unknown)(input);
      },
    ]),
  ) as MonitorHandlers;
  return {
    handlers,
    on: (event, listener) => inner.on(event, listener),
    calls,
    total: () => [...calls.values()].reduce((a, b) => a + b, 0),
  };
}
