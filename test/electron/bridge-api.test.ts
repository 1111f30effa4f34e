import { describe, expect, it, vi } from 'vitest';
import { createBridge, type IpcRendererLike } from '../../electron/bridge-api.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../electron/ipc-channels.ts';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** A stand-in for Electron's ipcRenderer (the binary cannot run here). */
function fakeIpcRenderer() {
  const listeners = new Map<string, Set<Listener>>();
  const ipc = {
    invoke: vi.fn((channel: string, ...args: unknown[]) =>
      Promise.resolve({ type: 'result', result: { channel, args } }),
    ),
    on(channel: string, listener: Listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return ipc;
    },
    removeListener(channel: string, listener: Listener) {
      listeners.get(channel)?.delete(listener);
      return ipc;
    },
    emit(channel: string, ...args: unknown[]) {
      // Electron passes its event object first; its `sender` is the ipcRenderer itself.
      const event = { sender: ipc, senderId: 0 };
      for (const listener of listeners.get(channel) ?? []) listener(event, ...args);
    },
    count: (channel: string) => listeners.get(channel)?.size ?? 0,
  };
  return ipc satisfies IpcRendererLike;
}

describe('window.batonBridge (createBridge)', () => {
  it('exposes exactly call, onEvent and platform, frozen', () => {
    const bridge = createBridge(fakeIpcRenderer(), 'linux');
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent', 'platform']);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(bridge.platform).toBe('linux');
  });

  it('sends every call on the one call channel as (method, input)', async () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc, 'linux');
    const reply = await bridge.call('snapshot', { a: 1 });
    expect(ipc.invoke).toHaveBeenCalledWith(CALL_CHANNEL, 'snapshot', { a: 1 });
    expect(reply).toEqual({
      type: 'result',
      result: { channel: CALL_CHANNEL, args: ['snapshot', { a: 1 }] },
    });
  });

  it('hands listeners (event, payload) only, never Electron’s event object, and unsubscribes', () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc, 'linux');
    const seen: unknown[][] = [];
    const off = bridge.onEvent((...args) => seen.push(args));
    ipc.emit(EVENT_CHANNEL, 'delta', { seq: 1 });
    ipc.emit('baton:other', 'delta', { seq: 99 });
    ipc.emit(EVENT_CHANNEL, 42, { seq: 2 });
    expect(seen).toEqual([['delta', { seq: 1 }]]);
    expect(JSON.stringify(seen)).not.toContain('sender');
    off();
    expect(ipc.count(EVENT_CHANNEL)).toBe(0);
    ipc.emit(EVENT_CHANNEL, 'delta', { seq: 3 });
    expect(seen).toHaveLength(1);
  });
});
