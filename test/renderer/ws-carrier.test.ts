import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { createClient, type ConnectionState } from '../../core/api/client.ts';
import {
  checkSocketToken,
  createWebSocketCarrier,
  TOKEN_REFUSED_REASON,
  type TokenCheck,
} from '../../core/api/ws-carrier.ts';
import { T0 } from './support/fixtures.ts';

const info = {
  version: '0',
  dir: '/coord',
  operator: 'op@h',
  server_time_ms: T0,
  transport: 'websocket',
  recent_dirs: [],
};

type Server = {
  port: number;
  wss: WebSocketServer;
  sockets: ServerSocket[];
  close(): Promise<void>;
};

async function server(
  onCall: (ws: ServerSocket, frame: { id: number; method: string }) => void,
): Promise<Server> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const sockets: ServerSocket[] = [];
  wss.on('connection', (ws) => {
    sockets.push(ws);
    ws.on('message', (data) =>
      onCall(ws, JSON.parse(String(data)) as { id: number; method: string }),
    );
  });
  const address = wss.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, wss, sockets, close: () => closeServer(wss) };
}

/** ws waits for open clients before it closes: end them first. */
function closeServer(wss: WebSocketServer): Promise<void> {
  for (const client of wss.clients) client.terminate();
  return new Promise((r) => wss.close(() => r()));
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function waitFor(
  states: ConnectionState[],
  pred: (s: ConnectionState) => boolean,
  ms = 5_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      if (states.some(pred)) resolve();
      else if (Date.now() - started > ms) reject(new Error(`timeout: ${JSON.stringify(states)}`));
      else setTimeout(check, 10);
    };
    check();
  });
}

describe('WebSocket carrier (Node 22 global WebSocket)', () => {
  it('carries calls and pushed events, queuing calls made before the socket opens', async () => {
    const s = await server((ws, frame) => {
      ws.send(JSON.stringify({ type: 'result', id: frame.id, result: info }));
      ws.send(
        JSON.stringify({
          type: 'event',
          event: 'status',
          payload: {
            state: 'ready',
            dir: '/coord',
            watching: 'events',
            indexing: { done_bytes: 0, total_bytes: 0, complete: true },
          },
        }),
      );
    });
    cleanups.push(() => s.close());
    const client = createClient(createWebSocketCarrier({ url: `ws://127.0.0.1:${s.port}/api/ws` }));
    cleanups.push(() => client.close());
    const statuses: string[] = [];
    client.on('status', (st) => statuses.push(st.state));
    await expect(client.info({})).resolves.toMatchObject({ dir: '/coord' });
    await new Promise((r) => setTimeout(r, 50));
    expect(statuses).toEqual(['ready']);
  });

  it('reconnects after a drop with a new generation, and fails an in-flight call as "outcome unknown"', async () => {
    let drop = true;
    const s = await server((ws, frame) => {
      if (drop) {
        drop = false;
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify({ type: 'result', id: frame.id, result: info }));
    });
    cleanups.push(() => s.close());
    const carrier = createWebSocketCarrier({
      url: `ws://127.0.0.1:${s.port}/api/ws`,
      backoff: { baseMs: 20, maxMs: 40 },
    });
    const client = createClient(carrier);
    cleanups.push(() => client.close());
    const states: ConnectionState[] = [];
    client.onConnection((st) => states.push(st));
    const first = await client.info({}).catch((e: unknown) => e as Error);
    expect(first).toBeInstanceOf(Error);
    expect((first as Error).message).toMatch(/outcome is unknown/);
    await waitFor(states, (st) => st.state === 'open' && st.generation === 2);
    await expect(client.info({})).resolves.toMatchObject({ dir: '/coord' });
  });

  it('stops retrying when the server refuses the token (close 4401)', async () => {
    const s = await server(() => undefined);
    s.wss.on('connection', (ws) => ws.close(4401, 'token refused'));
    cleanups.push(() => s.close());
    const client = createClient(
      createWebSocketCarrier({
        url: `ws://127.0.0.1:${s.port}/api/ws`,
        backoff: { baseMs: 10, maxMs: 10 },
      }),
    );
    cleanups.push(() => client.close());
    const states: ConnectionState[] = [];
    client.onConnection((st) => states.push(st));
    await waitFor(states, (st) => st.state === 'closed' && st.fatal);
    expect(states.at(-1)).toMatchObject({ unauthorized: true, reason: TOKEN_REFUSED_REASON });
    await expect(client.info({})).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('asks the server when a socket fails before opening, and stops on a refused token', async () => {
    // What a browser meets: the upgrade refused with 401, seen only as close 1006.
    let upgrades = 0;
    const refusing = http.createServer((_req, res) => {
      res.writeHead(401).end();
    });
    refusing.on('upgrade', (_req, socket) => {
      upgrades += 1;
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise((r) => refusing.close(r)));
    const { port } = refusing.address() as { port: number };
    const checked: string[] = [];
    const client = createClient(
      createWebSocketCarrier({
        url: `ws://127.0.0.1:${port}/api/ws?token=old`,
        backoff: { baseMs: 10, maxMs: 10 },
        checkToken: (url) => {
          checked.push(url);
          return checkSocketToken(url);
        },
      }),
    );
    cleanups.push(() => client.close());
    const states: ConnectionState[] = [];
    client.onConnection((st) => states.push(st));
    // A call made meanwhile fails with the reason instead of waiting for a retry that never comes.
    const call = client.info({}).then(
      () => new Error('expected a refusal'),
      (e: unknown) => e as Error,
    );
    await waitFor(states, (st) => st.state === 'closed' && st.fatal);
    expect(states.at(-1)).toEqual({
      state: 'closed',
      reason: TOKEN_REFUSED_REASON,
      fatal: true,
      unauthorized: true,
    });
    expect(checked).toEqual([`ws://127.0.0.1:${port}/api/ws?token=old`]);
    expect((await call).message).toContain("this link's token is not valid");
    // And it stops: no more attempts at the server.
    await new Promise((r) => setTimeout(r, 200));
    expect(upgrades).toBe(1);
    expect(states.filter((st) => st.state === 'connecting')).toEqual([]);
  });

  it('keeps retrying when the check says the server is unreachable or the token is fine', async () => {
    const probe = await server(() => undefined);
    const port = probe.port;
    await probe.close();
    const answers: TokenCheck[] = ['unreachable', 'accepted'];
    let asked = 0;
    const carrier = createWebSocketCarrier({
      url: `ws://127.0.0.1:${port}/api/ws`,
      backoff: { baseMs: 10, maxMs: 20 },
      checkToken: async () => answers[asked++ % answers.length] ?? 'unreachable',
    });
    cleanups.push(() => carrier.close());
    const states: ConnectionState[] = [];
    carrier.onConnection((st) => states.push(st));
    await waitFor(states, () => asked >= 4);
    const closed = states.filter((st) => st.state === 'closed');
    expect(closed.length).toBeGreaterThanOrEqual(3);
    for (const st of closed) {
      expect(st).toMatchObject({ fatal: false, reason: 'cannot reach the monitor' });
      expect(st).not.toHaveProperty('unauthorized');
    }
  });

  it('keeps retrying while the server is down, then connects', async () => {
    const probe = await server(() => undefined);
    const port = probe.port;
    await probe.close();
    const carrier = createWebSocketCarrier({
      url: `ws://127.0.0.1:${port}/api/ws`,
      backoff: { baseMs: 20, maxMs: 50 },
    });
    cleanups.push(() => carrier.close());
    const states: ConnectionState[] = [];
    carrier.onConnection((st) => states.push(st));
    await waitFor(
      states,
      (st) => st.state === 'closed' && !st.fatal && st.retry_at_ms !== undefined,
    );
    const wss = new WebSocketServer({ port, host: '127.0.0.1' });
    cleanups.push(() => closeServer(wss));
    await waitFor(states, (st) => st.state === 'open');
  });
});

describe('checkSocketToken', () => {
  function fakeFetch(answer: number | Error) {
    const urls: string[] = [];
    const impl = (async (url: string | URL | Request) => {
      urls.push(String(url));
      if (answer instanceof Error) throw answer;
      return new Response(null, { status: answer });
    }) as typeof fetch;
    return { impl, urls };
  }

  it('GETs the socket URL over http(s): 401 is refused, any other answer accepted', async () => {
    const refused = fakeFetch(401);
    await expect(
      checkSocketToken('ws://127.0.0.1:4100/api/ws?token=t', refused.impl),
    ).resolves.toBe('refused');
    expect(refused.urls).toEqual(['http://127.0.0.1:4100/api/ws?token=t']);
    const upgrade = fakeFetch(426);
    await expect(checkSocketToken('wss://h/api/ws', upgrade.impl)).resolves.toBe('accepted');
    expect(upgrade.urls).toEqual(['https://h/api/ws']);
    const down = fakeFetch(new TypeError('fetch failed'));
    await expect(checkSocketToken('ws://127.0.0.1:9/api/ws', down.impl)).resolves.toBe(
      'unreachable',
    );
  });
});
