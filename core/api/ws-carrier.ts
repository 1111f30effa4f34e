import { backoffDelay, type Carrier, type CarrierReply, type ConnectionState } from './client.ts';
import { ServerFrameSchema, type CallFrame } from './wire.ts';

/**
 * A carrier over the global WebSocket (browsers, and Node 22's built-in one, so contract tests
 * in Node drive the same client as the UI). It reconnects by itself with jittered backoff and
 * reports each (re)open with a new `generation`, which tells the client's owner to resync.
 */

export interface WebSocketCarrierOptions {
  /** The socket URL; a function is re-read on every attempt (e.g. a token kept elsewhere). */
  url: string | (() => string);
  /** Defaults to the global WebSocket. */
  WebSocket?: typeof WebSocket;
  backoff?: { baseMs?: number; maxMs?: number; random?: () => number };
  /** A call without a reply after this long fails (default 30 s). */
  callTimeoutMs?: number;
  now?: () => number;
  /**
   * Asked when a socket fails before it opens. A browser reports an upgrade the server refused
   * (401: token not valid) with the same close 1006 as a server that is down, so without this
   * the carrier cannot tell them apart and retries forever. `checkSocketToken` asks the server.
   */
  checkToken?: (socketUrl: string) => Promise<TokenCheck>;
}

/** What the server says of a socket URL's token; `unreachable` when it does not answer. */
export type TokenCheck = 'accepted' | 'refused' | 'unreachable';

/** The reason a carrier gives when the server refused its token (close 4401, or a 401 probe). */
export const TOKEN_REFUSED_REASON =
  "not authorized: this link's token is not valid (the monitor may have restarted); open the URL the monitor printed";

/**
 * Close codes after which retrying cannot help: 1008 (policy violation) and 4401/4403 (the
 * server's "token refused" / "origin refused"). The operator must reopen the link.
 */
const FATAL_CLOSE_CODES = new Set([1008, 4401, 4403]);

type Pending = {
  method: string;
  input: unknown;
  resolve: (reply: CarrierReply) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  /** Sent on the current socket: if it drops now, the outcome is unknown. */
  sent: boolean;
};

export function createWebSocketCarrier(options: WebSocketCarrierOptions): Carrier {
  const Impl = options.WebSocket ?? globalThis.WebSocket;
  const now = options.now ?? Date.now;
  const callTimeoutMs = options.callTimeoutMs ?? 30_000;
  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let generation = 0;
  let attempt = 0;
  let socket: WebSocket | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closedByUser = false;
  let state: ConnectionState = { state: 'connecting', attempt: 0 };

  function setState(next: ConnectionState): void {
    state = next;
    for (const listener of connectionListeners) listener(next);
  }

  function send(id: number, entry: Pending): void {
    const frame: CallFrame = { type: 'call', id, method: entry.method, input: entry.input };
    entry.sent = true;
    socket?.send(JSON.stringify(frame));
  }

  function settle(id: number): Pending | undefined {
    const entry = pending.get(id);
    if (!entry) return undefined;
    pending.delete(id);
    clearTimeout(entry.timer);
    return entry;
  }

  function connect(): void {
    retryTimer = undefined;
    setState({ state: 'connecting', attempt });
    const url = typeof options.url === 'function' ? options.url() : options.url;
    let ws: WebSocket;
    try {
      ws = new Impl(url);
    } catch (error) {
      scheduleRetry(error instanceof Error ? error.message : String(error), false);
      return;
    }
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      if (socket !== ws) return;
      opened = true;
      attempt = 0;
      generation += 1;
      setState({ state: 'open', generation, since_ms: now() });
      // Calls made while disconnected waited for this moment.
      for (const [id, entry] of pending) if (!entry.sent) send(id, entry);
    };
    ws.onmessage = (message: MessageEvent) => {
      if (socket !== ws || typeof message.data !== 'string') return;
      let json: unknown;
      try {
        json = JSON.parse(message.data);
      } catch {
        return; // not a frame of ours; the client cannot act on it
      }
      const frame = ServerFrameSchema.safeParse(json);
      if (!frame.success) return;
      const f = frame.data;
      if (f.type === 'event') {
        for (const listener of eventListeners) listener(f.event, f.payload);
      } else if (f.type === 'result') {
        settle(f.id)?.resolve({ type: 'result', result: f.result });
      } else {
        settle(f.id)?.resolve({ type: 'error', error: f.error });
      }
    };
    const onClosed = (code: number, closeReason: string) => {
      if (socket !== ws) return; // already handled (or a superseded socket)
      socket = undefined;
      const checkToken = options.checkToken;
      if (opened || !checkToken || FATAL_CLOSE_CODES.has(code) || closedByUser) {
        dropped(code, closeReason);
        return;
      }
      // Refused, or unreachable? Only the server can say. Nothing was sent on this socket, and
      // no retry is scheduled until the answer comes, so calls keep waiting meanwhile.
      void checkToken(url)
        .catch((): TokenCheck => 'unreachable')
        .then((check) => {
          if (closedByUser) return;
          // Refused: the same as the server's own "token refused" close.
          if (check === 'refused') dropped(4401, '');
          else dropped(code, closeReason);
        });
    };
    ws.onclose = (event: CloseEvent) => onClosed(event.code, event.reason);
    // Browsers follow an error with close. Node 22's WebSocket (undici) does not when the
    // connection is refused: it stays CONNECTING forever. Treat an error on a socket that is
    // not open as its close (onClosed ignores the second call when close does come).
    ws.onerror = () => {
      setTimeout(() => {
        if (socket === ws && ws.readyState !== Impl.OPEN) {
          onClosed(1006, '');
          try {
            ws.close();
          } catch {
            // Closing a socket that never opened may throw; it is abandoned either way.
          }
        }
      }, 0);
    };
  }

  /** The socket is gone: fail what cannot wait, then retry unless retrying cannot help. */
  function dropped(code: number, closeReason: string): void {
    const unauthorized = code === 4401;
    const fatal = FATAL_CLOSE_CODES.has(code);
    const reason = unauthorized ? TOKEN_REFUSED_REASON : describeClose(code, closeReason, fatal);
    // A call already sent may or may not have run: say so rather than retry it blindly.
    for (const [id, entry] of pending) {
      if (!entry.sent && !fatal) continue;
      settle(id)?.reject(
        new Error(
          entry.sent
            ? `connection lost before the reply (${reason}); the outcome is unknown: check the audit`
            : reason,
        ),
      );
    }
    if (closedByUser) return;
    scheduleRetry(reason, fatal, unauthorized);
  }

  function scheduleRetry(reason: string, fatal: boolean, unauthorized = false): void {
    if (fatal) {
      setState({ state: 'closed', reason, fatal: true, ...(unauthorized ? { unauthorized } : {}) });
      return;
    }
    const delay = backoffDelay(attempt, options.backoff);
    attempt += 1;
    setState({ state: 'closed', reason, fatal: false, retry_at_ms: now() + delay });
    retryTimer = setTimeout(connect, delay);
  }

  connect();

  return {
    kind: 'websocket',
    call(method, input) {
      return new Promise<CarrierReply>((resolve, reject) => {
        if (closedByUser) {
          reject(new Error('the client was closed'));
          return;
        }
        if (state.state === 'closed' && state.fatal) {
          reject(new Error(state.reason));
          return;
        }
        const id = nextId++;
        const entry: Pending = {
          method,
          input,
          resolve,
          reject,
          sent: false,
          timer: setTimeout(() => {
            settle(id)?.reject(new Error(`no reply within ${Math.round(callTimeoutMs / 1000)} s`));
          }, callTimeoutMs),
        };
        pending.set(id, entry);
        if (socket && socket.readyState === Impl.OPEN) send(id, entry);
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    connection: () => state,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closedByUser = true;
      if (retryTimer) clearTimeout(retryTimer);
      for (const id of [...pending.keys()]) settle(id)?.reject(new Error('the client was closed'));
      socket?.close(1000, 'client closed');
      socket = undefined;
      setState({ state: 'closed', reason: 'closed', fatal: true });
    },
  };
}

function describeClose(code: number, reason: string, fatal: boolean): string {
  if (fatal) {
    return reason
      ? `the monitor refused the connection: ${reason}`
      : 'the monitor refused the connection (token or origin not accepted): open the link `baton monitor` printed';
  }
  if (reason) return `connection closed: ${reason}`;
  return code === 1006 ? 'cannot reach the monitor' : `connection closed (code ${code})`;
}

/**
 * Ask the server whether a socket URL's token is accepted, by a plain GET of that same URL:
 * the server checks Host, Origin and token exactly as for the upgrade, then answers 401 for a
 * token it refuses and 426 (upgrade required) for a good one. Nothing else is learned or sent.
 *
 * @example
 * createWebSocketCarrier({ url, checkToken: checkSocketToken });
 */
export async function checkSocketToken(
  socketUrl: string,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<TokenCheck> {
  const url = new URL(socketUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  let response: Response;
  try {
    response = await fetchImpl(url, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    return 'unreachable';
  }
  await response.body?.cancel().catch(() => undefined);
  return response.status === 401 ? 'refused' : 'accepted';
}
