import type { IpcContentsLike, IpcMainLike } from '../../../electron/ipc-transport.ts';
import type { FrameLike, SenderEventLike } from '../../../electron/trusted-sender.ts';

/**
 * Stand-ins for Electron's ipcMain, webContents and frames. The real Electron binary cannot be
 * downloaded on these machines, so the IPC transport is written against small interfaces and
 * driven here with these fakes; they behave like Electron where it matters (invoking a channel
 * nobody handles rejects; a frame is identified by process and routing id).
 */

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: SenderEventLike, ...args: unknown[]) => unknown>();

  handle(channel: string, listener: (event: SenderEventLike, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What `ipcRenderer.invoke(channel, ...args)` from `event`'s frame would get. */
  async invoke(channel: string, event: SenderEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

let nextRoutingId = 1;

export function fakeFrame(
  url: string,
  options: { parent?: FrameLike | null; processId?: number } = {},
): FrameLike {
  return {
    url,
    processId: options.processId ?? 7,
    routingId: nextRoutingId++,
    parent: options.parent ?? null,
  };
}

export class FakeContents implements IpcContentsLike {
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  destroyed = false;
  mainFrame: FrameLike;

  constructor(url = 'app://baton/index.html') {
    this.mainFrame = fakeFrame(url);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  /** An invoke event from this webContents' main frame (or the given frame). */
  event(frame: FrameLike | null = this.mainFrame): SenderEventLike {
    return { sender: this, senderFrame: frame };
  }
}
