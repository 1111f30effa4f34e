import type { Carrier, CarrierReply, ConnectionState } from '../../../core/api/client.ts';

/**
 * A carrier the test controls: it answers calls with the handler given for each method and
 * pushes events and connection changes on demand. Lets the real client and sync loop run
 * without a socket.
 */
export type FakeCarrier = Carrier & {
  handlers: Record<string, (input: unknown) => unknown | Promise<unknown>>;
  calls: { method: string; input: unknown }[];
  push(event: string, payload: unknown): void;
  setConnection(state: ConnectionState): void;
};

export function fakeCarrier(
  initial: ConnectionState = { state: 'open', generation: 1, since_ms: 0 },
): FakeCarrier {
  let state = initial;
  const events = new Set<(event: string, payload: unknown) => void>();
  const conn = new Set<(s: ConnectionState) => void>();
  const carrier: FakeCarrier = {
    kind: 'in-process',
    handlers: {},
    calls: [],
    async call(method, input): Promise<CarrierReply> {
      carrier.calls.push({ method, input });
      const handler = carrier.handlers[method];
      if (!handler) return { type: 'error', error: { code: 'unknown_request', message: method } };
      try {
        return { type: 'result', result: await handler(input) };
      } catch (error) {
        return { type: 'error', error: { code: 'internal', message: (error as Error).message } };
      }
    },
    onEvent(listener) {
      events.add(listener);
      return () => events.delete(listener);
    },
    connection: () => state,
    onConnection(listener) {
      conn.add(listener);
      return () => conn.delete(listener);
    },
    close() {},
    push(event, payload) {
      for (const l of events) l(event, payload);
    },
    setConnection(next) {
      state = next;
      for (const l of conn) l(next);
    },
  };
  return carrier;
}
