import type { BatonBridge } from '../core/api/bridge.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc-channels.ts';

/** The part of Electron's `ipcRenderer` the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * The `window.batonBridge` object the preload exposes (core/api/bridge.ts): exactly three
 * members, each bound to one fixed channel. Nothing raw reaches the page: no ipcRenderer, no
 * channel parameter, and listeners never receive Electron's event object (whose `sender` is
 * the ipcRenderer itself). Separate from preload.ts so the unit tests can build it with a fake
 * ipcRenderer, without Electron.
 *
 * @example
 * contextBridge.exposeInMainWorld('batonBridge', createBridge(ipcRenderer, process.platform));
 */
export function createBridge(ipc: IpcRendererLike, platform: string): BatonBridge {
  return Object.freeze({
    call(method: string, input: unknown): Promise<unknown> {
      return ipc.invoke(CALL_CHANNEL, method, input);
    },
    onEvent(listener: (event: string, payload: unknown) => void): () => void {
      const forward = (_event: unknown, name: unknown, payload: unknown): void => {
        if (typeof name === 'string') listener(name, payload);
      };
      ipc.on(EVENT_CHANNEL, forward);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, forward);
      };
    },
    platform,
  });
}
