import type { RemoteError } from './contract.ts';

/**
 * What Electron's preload exposes to the renderer as `window.batonBridge` (through
 * contextBridge). It is the IPC carrier of the monitor contract: the renderer's client wraps it
 * (renderer/src/client/ipc-carrier.ts) exactly as it wraps a WebSocket, so views never know which
 * one carries them.
 *
 * Nothing raw crosses it: the main process parses `method` and `input` with the contract's zod
 * schemas before any handler runs, and the renderer parses results and events again on receipt.
 */
export interface BatonBridge {
  /**
   * Make one request of the contract. Resolves with the reply in the wire's frame shapes minus
   * the `id` (core/api/wire.ts): `{ type: 'result', result }` or `{ type: 'error', error }`.
   * Errors travel as a resolved `error` frame because Electron's `ipcRenderer.invoke` reduces a
   * thrown error to its message, losing the `code` the UI needs (e.g. `unavailable` vs
   * `bad_request`). A rejection means the carrier itself failed; the client reports it as
   * `internal`. A bare value that is not a frame is accepted as the result, for tolerance.
   */
  call(method: string, input: unknown): Promise<unknown>;
  /** Listen to pushed events (`delta`, `status`); returns an unsubscribe function. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  /** `process.platform` of the main process (e.g. to label Cmd vs Ctrl). */
  platform: string;
}

/** The reply frames `BatonBridge.call` resolves with. */
export type BridgeReply =
  { type: 'result'; result: unknown } | { type: 'error'; error: RemoteError };
