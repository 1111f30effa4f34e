import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../../core/api/client.ts';
import {
  checkSocketToken,
  createWebSocketCarrier,
  TOKEN_REFUSED_REASON,
} from '../../../core/api/ws-carrier.ts';
import { createMonitor, type Monitor } from '../../../core/monitor/create-monitor.ts';
import { initDirectory } from '../../../core/root.ts';
import { startMonitorServer, type MonitorServer } from '../../../core/server/monitor-server.ts';

/**
 * The UI's WebSocket carrier against the real web-mode server when the token is not (or no
 * longer) accepted: the server refuses the upgrade with 401, which a browser sees only as a
 * failed socket, so the carrier asks (checkSocketToken) and must end in "not authorized"
 * without retrying, while a server that is merely down is still retried.
 */

let root: string;
let monitor: Monitor;
const servers: MonitorServer[] = [];
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-ws-auth-'));
  const dir = path.join(root, 'coord');
  initDirectory(dir);
  monitor = await createMonitor({ dir, dataDir: path.join(root, 'data') });
});
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  for (const s of servers.splice(0)) await s.close();
});
afterAll(async () => {
  await monitor?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

async function serve(port?: number): Promise<MonitorServer> {
  const server = await startMonitorServer({
    service: monitor,
    ...(port !== undefined ? { port } : {}),
  });
  servers.push(server);
  return server;
}

function connect(port: number, token: string): { states: ConnectionState[] } {
  const carrier = createWebSocketCarrier({
    url: `ws://127.0.0.1:${port}/api/ws?token=${encodeURIComponent(token)}`,
    backoff: { baseMs: 20, maxMs: 50 },
    checkToken: checkSocketToken,
  });
  cleanups.push(() => carrier.close());
  const states: ConnectionState[] = [carrier.connection()];
  carrier.onConnection((st) => states.push(st));
  return { states };
}

async function until(pred: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`${what} not seen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const unauthorized = (st: ConnectionState | undefined) =>
  st?.state === 'closed' && st.unauthorized === true;

describe('WebSocket carrier: a token the server refuses', () => {
  it('a wrong token ends in "not authorized", and is not retried', async () => {
    const server = await serve();
    const { states } = connect(server.port, 'not-the-token');
    await until(() => unauthorized(states.at(-1)), 'not authorized');
    expect(states.at(-1)).toMatchObject({ fatal: true, reason: TOKEN_REFUSED_REASON });
    const seen = states.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(states).toHaveLength(seen);
  });

  it('the right token connects', async () => {
    const server = await serve();
    const { states } = connect(server.port, server.token);
    await until(() => states.at(-1)?.state === 'open', 'open');
    expect(states.some(unauthorized)).toBe(false);
  });

  it('a monitor restarted on the same port (a new token): retried while down, then "not authorized"', async () => {
    const first = await serve();
    const { states } = connect(first.port, first.token);
    await until(() => states.at(-1)?.state === 'open', 'open');
    await first.close();
    servers.splice(servers.indexOf(first), 1);
    await until(
      () => states.some((st) => st.state === 'closed' && !st.fatal && st.retry_at_ms !== undefined),
      'a scheduled retry',
    );
    expect(states.some(unauthorized)).toBe(false);
    const second = await serve(first.port);
    expect(second.token).not.toBe(first.token);
    await until(() => unauthorized(states.at(-1)), 'not authorized');
  });
});
