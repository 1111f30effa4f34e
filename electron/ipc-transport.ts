import type { BridgeReply } from '../core/api/bridge.ts';
import type { MonitorService, RemoteError } from '../core/api/contract.ts';
import { dispatch, remoteError } from '../core/api/dispatch.ts';
import { isAppUrl } from './app-origin.ts';
import { CALL_CHANNEL, EVENT_CHANNEL, IPC_EVENTS } from './ipc-channels.ts';
import {
  isTrustedSender,
  type SenderEventLike,
  type WindowContentsLike,
} from './trusted-sender.ts';

/**
 * The Electron IPC transport of the monitor contract: the ONLY module that touches `ipcMain`
 * (lint bans raw ipcMain/ipcRenderer imports everywhere else but the preload). It takes
 * ipcMain as a parameter so the unit tests can drive it without loading Electron, whose binary
 * cannot be downloaded on these machines; `electronIpcMain()` fetches the real one in main.ts.
 */

/** The part of Electron's `ipcMain` the transport uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The part of our window's webContents the transport uses. */
export interface IpcContentsLike extends WindowContentsLike {
  send(channel: string, ...args: unknown[]): void;
}

export interface IpcTransportOptions {
  ipcMain: IpcMainLike;
  /** Our window's webContents, read on every message (the window may be recreated). */
  contents: () => IpcContentsLike | undefined;
  /** Told about every refused sender (main logs it): a refusal means something is wrong. */
  onRefused?: (reason: string) => void;
}

export interface IpcTransport {
  /** Serve `service` from now on (after a directory switch), or nothing (`undefined`). */
  attach(service: MonitorService | undefined): void;
  close(): void;
}

/**
 * Serve the contract over IPC: one `handle` on CALL_CHANNEL and events pushed on EVENT_CHANNEL.
 * Each call's sender frame is checked first (our window's main frame showing app://baton), then
 * `dispatch()` validates the method name and parses the input with the contract's schema before
 * any handler runs. Replies are wire frames (core/api/bridge.ts) so error codes survive IPC.
 *
 * @example
 * const transport = createIpcTransport({ ipcMain: await electronIpcMain(), contents: () => win.webContents });
 * transport.attach(monitor);
 */
export function createIpcTransport(options: IpcTransportOptions): IpcTransport {
  let service: MonitorService | undefined;
  let unsubscribe: Array<() => void> = [];

  options.ipcMain.handle(CALL_CHANNEL, async (event, method, input): Promise<BridgeReply> => {
    if (!isTrustedSender(event, options.contents())) {
      const reason = `IPC call refused: the sender is not the main frame of the Baton window (${describeFrame(event)})`;
      options.onRefused?.(reason);
      return errorReply('unauthorized', reason);
    }
    const current = service;
    if (!current) return errorReply('unavailable', 'no coordination directory is open');
    try {
      return { type: 'result', result: await dispatch(current, method, input, 'ipc') };
    } catch (error) {
      return { type: 'error', error: remoteError(error) };
    }
  });

  function detach(): void {
    for (const off of unsubscribe) off();
    unsubscribe = [];
  }

  return {
    attach(next) {
      detach();
      service = next;
      if (!next) return;
      unsubscribe = IPC_EVENTS.map((name) =>
        next.on(name, (payload) => {
          const contents = options.contents();
          // Only our own page ever hears the fleet (navigation is denied anyway).
          if (!contents || contents.isDestroyed() || !isAppUrl(contents.mainFrame.url)) return;
          contents.send(EVENT_CHANNEL, name, payload);
        }),
      );
    },
    close() {
      detach();
      service = undefined;
      options.ipcMain.removeHandler(CALL_CHANNEL);
    },
  };
}

/**
 * The real `ipcMain`, loaded only when main.ts asks for it, so that importing this module (as
 * the unit tests do) never loads Electron.
 *
 * @example
 * createIpcTransport({ ipcMain: await electronIpcMain(), contents: () => win.webContents });
 */
export async function electronIpcMain(): Promise<IpcMainLike> {
  const electron = await import('electron');
  return electron.ipcMain;
}

function errorReply(code: RemoteError['code'], message: string): BridgeReply {
  return { type: 'error', error: { code, message } };
}

function describeFrame(event: SenderEventLike): string {
  const frame = event.senderFrame;
  return frame ? `frame ${frame.url || '(no url)'}` : 'frame gone';
}
