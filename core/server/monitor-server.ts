import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CallFrameSchema, type ServerFrame } from '../api/wire.ts';
import type { EventName, MonitorService } from '../api/contract.ts';
import { ContractError } from '../api/contract.ts';
import { dispatch, remoteError } from '../api/dispatch.ts';
import {
  hostAndOriginAllowed,
  newToken,
  presentedToken,
  TOKEN_COOKIE,
  tokenMatches,
} from './auth.ts';
import { resolveStatic } from './static-files.ts';

export interface MonitorServerOptions {
  service: MonitorService;
  /** Port to listen on; 0 picks a free one. Always bound to 127.0.0.1. */
  port?: number;
  /** The access token; a random one by default. */
  token?: string;
  /** The built renderer to serve (renderer/dist); without it only the API is served. */
  staticDir?: string;
  /** Largest request body accepted by POST /api/call/:method. */
  maxBodyBytes?: number;
}

export interface MonitorServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** A socket whose unsent data passes this is not sent deltas until it drains (it resyncs). */
const SLOW_CLIENT_BYTES = 8 * 1024 * 1024;

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  // The token travels in the first URL: never leak it to another site.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Serve the monitor contract over loopback HTTP + WebSocket (web mode). Every request and socket
 * must present the token (Bearer header, `?token=`, or the cookie set when the page first loads);
 * Host and Origin must be this server. Routes: GET /api/snapshot, POST /api/call/:method,
 * WebSocket /api/ws (frames of core/api/wire.ts; without an upgrade, 426, which tells a client
 * whose socket failed that its token is fine), and the built renderer for everything else.
 *
 * @example
 * const server = await startMonitorServer({ service: monitor, staticDir: 'renderer/dist' });
 * console.log(server.url); // http://127.0.0.1:41234/?token=…
 */
export async function startMonitorServer(options: MonitorServerOptions): Promise<MonitorServer> {
  const token = options.token ?? newToken();
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const sockets = new Set<WebSocket>();
  let port = 0;

  const server = http.createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: remoteError(error) });
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const where = hostAndOriginAllowed(req, port);
    if (!where.ok)
      return sendJson(res, 403, { error: { code: 'unauthorized', message: where.reason } });
    if (!tokenMatches(token, presentedToken(req, url))) {
      if (!url.pathname.startsWith('/api/')) {
        // An operator opening a stale link reads this in the browser: words, not a JSON blob.
        return sendText(
          res,
          401,
          "Not authorized: this link's token is not valid (the monitor may have restarted). " +
            'Open the URL the monitor printed.\n',
        );
      }
      return sendJson(res, 401, {
        error: {
          code: 'unauthorized',
          message: 'a valid token is required (open the URL baton monitor printed)',
        },
      });
    }
    if (url.pathname === '/api/ws') {
      // The socket's own URL without an upgrade: what a client that saw its socket fail asks
      // to learn whether the token was the reason (it would have had 401 above).
      res.setHeader('Upgrade', 'websocket');
      return sendJson(res, 426, {
        error: { code: 'bad_request', message: 'a WebSocket upgrade is expected here' },
      });
    }
    if (url.pathname === '/api/snapshot' && req.method === 'GET') {
      return sendJson(res, 200, await dispatch(options.service, 'snapshot', {}, 'websocket'));
    }
    const call = /^\/api\/call\/([A-Za-z]+)$/.exec(url.pathname);
    if (call && req.method === 'POST') {
      let input: unknown;
      try {
        const body = await readBody(req, maxBody);
        input = body.length === 0 ? {} : (JSON.parse(body) as unknown);
      } catch (error) {
        return sendJson(res, 400, {
          error: { code: 'bad_request', message: (error as Error).message },
        });
      }
      try {
        return sendJson(res, 200, await dispatch(options.service, call[1], input, 'websocket'));
      } catch (error) {
        const wire = remoteError(error);
        const status =
          wire.code === 'bad_request' ? 400 : wire.code === 'unknown_request' ? 404 : 500;
        return sendJson(res, status, { error: wire });
      }
    }
    if (url.pathname.startsWith('/api/')) {
      return sendJson(res, 404, {
        error: { code: 'unknown_request', message: `no route ${req.method} ${url.pathname}` },
      });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendJson(res, 405, {
        error: { code: 'bad_request', message: `${req.method} is not allowed here` },
      });
    }
    const file = options.staticDir ? resolveStatic(options.staticDir, url.pathname) : undefined;
    if (!file) {
      const hint = options.staticDir ? 'not found' : 'the UI is not built (npm run build:renderer)';
      return sendJson(res, 404, { error: { code: 'unknown_request', message: hint } });
    }
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Cache-Control': file.contentType.startsWith('text/html')
        ? 'no-store'
        : 'private, max-age=3600',
    };
    if (url.searchParams.has('token')) {
      // Assets and reloads authenticate with this cookie; strict same-site keeps other sites out.
      headers['Set-Cookie'] =
        `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file.path).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxBody });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const where = hostAndOriginAllowed(req, port);
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/api/ws') return refuse(404, 'Not Found');
    if (!where.ok) return refuse(403, 'Forbidden');
    if (!tokenMatches(token, presentedToken(req, url))) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    sockets.add(ws);
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = (['delta', 'status'] as EventName[]).map((event) =>
      options.service.on(event, (payload) => {
        // A slow client misses deltas rather than exhausting memory; the seq gap makes it resync.
        if (event === 'delta' && ws.bufferedAmount > SLOW_CLIENT_BYTES) return;
        send({ type: 'event', event, payload });
      }),
    );
    ws.on('message', (data) => {
      let frame;
      try {
        frame = CallFrameSchema.parse(JSON.parse(String(data)));
      } catch {
        send({
          type: 'error',
          id: -1,
          error: {
            code: 'bad_request',
            message: 'frames must be {type:"call", id, method, input}',
          },
        });
        return;
      }
      dispatch(options.service, frame.method, frame.input, 'websocket').then(
        (result) => send({ type: 'result', id: frame.id, result }),
        (error: unknown) => send({ type: 'error', id: frame.id, error: remoteError(error) }),
      );
    });
    ws.on('close', () => {
      sockets.delete(ws);
      for (const off of unsubscribe) off();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new ContractError('internal', 'server has no TCP address');
  port = address.port;

  return {
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A browser's idle keep-alive connections would hold close() for seconds: drop them.
      server.closeAllConnections();
      await closed;
    },
  };
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`request body over ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
