import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { createClient, type ConnectionState } from '../../core/api/client.ts';
import { createWebSocketCarrier } from '../../core/api/ws-carrier.ts';
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
    await expect(client.info({})).rejects.toMatchObject({ code: 'unavailable' });
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
