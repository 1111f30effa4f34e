import fs from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { BatonError } from '../errors.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { messageMatches, type MessageFilter } from './message-filter.ts';
import type { Message } from './message-schema.ts';
import { scanRoom, validateCursor } from './read.ts';
import { roomFile, type RoomRef } from './room-ref.ts';
import { watchFile } from './room-watcher.ts';

export const SUBSCRIBE_DEFAULT_POLL_MS = 200;
/** Bytes scanned per turn of the event loop while catching up on a large room. */
const SLICE_BYTES = 8 * 1024 * 1024;

export interface SubscribeOptions {
  /** Start here (a cursor from post, read or inbox); default 0, the room's first message. */
  from_cursor?: number;
  /** Called once per new message, in room order, with the message's cursor. */
  onMessage: (message: Message, cursor: number) => void;
  /** Only messages passing this filter are delivered (the cursor still moves past the others). */
  filter?: MessageFilter;
  /** Called for each corrupt or foreign line skipped. */
  onDiagnostic?: (diagnostic: Diagnostic) => void;
  /** Called if reading fails or `onMessage` throws; the subscription has then stopped. */
  onError?: (error: unknown) => void;
  signal?: AbortSignal;
  /** Safety poll between file-change wake-ups; default 200. */
  poll_interval_ms?: number;
}

/**
 * Follow a room like `tail -f`: deliver every message from `from_cursor` on, then each new one as
 * it is appended (woken by file changes, with a polling fallback). A torn last line is waited for,
 * never reported or skipped; corrupt lines go to `onDiagnostic`. Stops when the returned function
 * is called or `signal` aborts. Errors go to `onError` (without it they are rethrown, uncaught).
 *
 * @example
 * const stop = subscribe(dir, ref, { onMessage: (m, cursor) => console.log(cursor, m.subject) });
 * // … later
 * stop();
 */
export function subscribe(dir: string, ref: RoomRef, options: SubscribeOptions): () => void {
  const file = roomFile(dir, ref);
  if (typeof options?.onMessage !== 'function') {
    throw new BatonError('invalid_argument', 'subscribe needs an onMessage callback', {
      label: 'onMessage',
    });
  }
  let cursor = validateCursor('from_cursor', options.from_cursor ?? 0);
  const pollMs = options.poll_interval_ms ?? SUBSCRIBE_DEFAULT_POLL_MS;
  if (!Number.isSafeInteger(pollMs) || pollMs <= 0) {
    throw new BatonError('invalid_argument', `poll_interval_ms must be a positive integer`, {
      label: 'poll_interval_ms',
    });
  }
  const stopper = new AbortController();
  const stop = (): void => stopper.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();
  const watcher = watchFile(file);

  const run = async (): Promise<void> => {
    await Promise.resolve(); // deliver nothing before subscribe() has returned its stop function
    while (!stopper.signal.aborted) {
      const size = sizeOf(file);
      const until = Math.min(size, cursor + SLICE_BYTES);
      const scan = scanRoom(
        dir,
        ref,
        cursor,
        ({ message, cursor: at }) => {
          if (stopper.signal.aborted) return false;
          if (!options.filter || messageMatches(message, options.filter)) {
            options.onMessage(message, at);
          }
          cursor = at;
          return !stopper.signal.aborted;
        },
        { until },
      );
      // Past skipped lines too; when stopped mid-scan, the last delivered message's cursor stands.
      if (!stopper.signal.aborted) cursor = scan.next_cursor;
      for (const d of scan.diagnostics) options.onDiagnostic?.(d);
      if (until < size && scan.next_cursor < size) {
        await yieldToLoop(); // more to catch up on: let other work run between slices
        continue;
      }
      await watcher.wait(pollMs, stopper.signal);
    }
  };

  run()
    .catch((error: unknown) => {
      stop();
      if (options.onError) options.onError(error);
      else
        queueMicrotask(() => {
          throw error;
        });
    })
    .finally(() => {
      watcher.close();
      options.signal?.removeEventListener('abort', stop);
    });
  return stop;
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0; // not created yet (or gone): nothing to read now
  }
}
