import { isAppUrl } from './app-origin.ts';

/** What the sender check reads of a frame (a subset of Electron's WebFrameMain). */
export interface FrameLike {
  readonly url: string;
  readonly processId: number;
  readonly routingId: number;
  readonly parent: unknown;
}

/** What the sender check reads of an IPC event (a subset of IpcMainInvokeEvent). */
export interface SenderEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

/** What the sender check reads of our window's webContents. */
export interface WindowContentsLike {
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
}

/**
 * Electron's security checklist: validate the sender of every IPC message. A message is ours
 * only when it comes from our window's webContents, from its MAIN frame (never an iframe), and
 * that frame shows our own page (`app://baton/…`). Anything else — another window, a subframe, a
 * page navigated elsewhere, a frame already gone — is refused before its payload is looked at.
 *
 * @example
 * if (!isTrustedSender(event, win.webContents)) return refusal;
 */
export function isTrustedSender(
  event: SenderEventLike,
  contents: WindowContentsLike | undefined,
): boolean {
  if (!contents || contents.isDestroyed()) return false;
  if (event.sender !== contents) return false;
  const frame = event.senderFrame;
  // null: the frame navigated or was destroyed after sending; its message is no longer ours.
  if (!frame || frame.parent !== null) return false;
  const main = contents.mainFrame;
  const sameFrame =
    frame === main || (frame.processId === main.processId && frame.routingId === main.routingId);
  return sameFrame && isAppUrl(frame.url);
}
