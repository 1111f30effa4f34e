import type { BatonBridge } from '../../../core/api/bridge.ts';
import type { Carrier, CarrierReply, ConnectionState } from '../../../core/api/client.ts';
import { RemoteErrorSchema } from '../../../core/api/contract.ts';

/**
 * The carrier inside Electron: `window.batonBridge` from the preload. IPC to the main process
 * does not drop like a socket, so the connection is open from the start and stays open for the
 * window's life (generation 1: the store takes one snapshot).
 */
export function createIpcCarrier(bridge: BatonBridge, now: () => number = Date.now): Carrier {
  let state: ConnectionState = { state: 'open', generation: 1, since_ms: now() };
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  return {
    kind: 'ipc',
    async call(method, input) {
      return toReply(await bridge.call(method, input));
    },
    onEvent: (listener) => bridge.onEvent(listener),
    connection: () => state,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      state = { state: 'closed', reason: 'closed', fatal: true };
      for (const listener of connectionListeners) listener(state);
    },
  };
}

/** The bridge replies with wire frames minus the id (core/api/bridge.ts); tolerate a bare result. */
export function toReply(value: unknown): CarrierReply {
  if (typeof value === 'object' && value !== null && 'type' in value) {
    const frame = value as { type: unknown; result?: unknown; error?: unknown };
    if (frame.type === 'result') return { type: 'result', result: frame.result };
    if (frame.type === 'error') {
      const error = RemoteErrorSchema.safeParse(frame.error);
      return {
        type: 'error',
        error: error.success
          ? error.data
          : { code: 'internal', message: 'the main process sent an error without a code' },
      };
    }
  }
  return { type: 'result', result: value };
}
