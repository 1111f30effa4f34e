import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonitor, type Monitor } from '../../../core/monitor/create-monitor.ts';
import { initDirectory } from '../../../core/root.ts';
import { startMonitorServer, type MonitorServer } from '../../../core/server/monitor-server.ts';

/**
 * Web mode's security (architecture brief): bound to 127.0.0.1 only, a token on every request
 * and socket, Host and Origin checked, nothing served outside the built renderer.
 */

let root: string;
let monitor: Monitor;
let server: MonitorServer;
const SECRET = 'TOP SECRET beside the dist directory';

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-server-security-'));
  const dist = path.join(root, 'dist');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Baton</title>');
  fs.writeFileSync(path.join(dist, 'assets/app.js'), 'console.log("app")');
  fs.writeFileSync(path.join(root, 'secret.txt'), SECRET);
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(dist, 'assets/escape.js'));
  fs.symlinkSync(root, path.join(dist, 'up'));
  const dir = path.join(root, 'coord');
  initDirectory(dir);
  monitor = await createMonitor({ dir, dataDir: path.join(root, 'data') });
  server = await startMonitorServer({ service: monitor, staticDir: dist, maxBodyBytes: 4096 });
});
afterAll(async () => {
  await server?.close();
  await monitor?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP request with the path sent exactly as given (fetch would normalise `..`). */
function request(
  rawPath: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; host?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: options.host ?? '127.0.0.1',
        port: server.port,
        path: rawPath,
        method: options.method ?? 'GET',
        headers: { Host: `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const bearer = (token = server.token) => ({ Authorization: `Bearer ${token}` });

/** A WebSocket upgrade: 101 when accepted, else the refusal's status. */
function upgrade(rawPath: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: server.port,
      path: rawPath,
      headers: {
        Host: `127.0.0.1:${server.port}`,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web mode: token', () => {
  it('401 without a token, with a wrong one, or a prefix of the right one (HTTP)', async () => {
    for (const headers of [{}, bearer('wrong'), bearer(server.token.slice(0, -1))]) {
      const reply = await request('/api/snapshot', { headers });
      expect(reply.status).toBe(401);
      expect(reply.body).not.toContain('"leases"');
    }
    expect((await request('/api/snapshot?token=nope')).status).toBe(401);
    expect((await request('/api/call/info', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await request('/')).status).toBe(401);
    expect((await request('/assets/app.js')).status).toBe(401);
  });

  it('GET /api/snapshot with the token as Bearer or ?token= returns the snapshot', async () => {
    const viaHeader = await request('/api/snapshot', { headers: bearer() });
    expect(viaHeader.status).toBe(200);
    expect(JSON.parse(viaHeader.body)).toMatchObject({ status: { state: 'ready' }, leases: [] });
    expect((await request(`/api/snapshot?token=${server.token}`)).status).toBe(200);
  });

  it('401 for a WebSocket upgrade without a token or with a wrong one; 101 with it', async () => {
    expect(await upgrade('/api/ws')).toBe(401);
    expect(await upgrade('/api/ws?token=wrong')).toBe(401);
    expect(await upgrade('/api/ws', bearer('wrong'))).toBe(401);
    expect(await upgrade(`/api/ws?token=${server.token}`)).toBe(101);
    expect(await upgrade('/elsewhere?token=' + server.token)).toBe(404);
  });

  it('GET /api/ws without an upgrade: 401 for a refused token, 426 for a good one (what a failed socket asks)', async () => {
    expect((await request('/api/ws?token=wrong')).status).toBe(401);
    expect((await request('/api/ws')).status).toBe(401);
    const good = await request(`/api/ws?token=${server.token}`);
    expect(good.status).toBe(426);
    expect(good.headers['upgrade']).toBe('websocket');
    expect(good.body).not.toContain('"leases"');
    // Host and Origin are checked first, as for the upgrade.
    const foreign = await request(`/api/ws?token=${server.token}`, {
      headers: { Origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
  });

  it('a page opened with a refused token gets plain words, not JSON', async () => {
    const page = await request('/?token=stale');
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.body).toMatch(/^Not authorized: this link's token is not valid/);
    expect(page.body).not.toContain('<title>');
    // The API keeps its JSON error shape.
    const api = await request('/api/snapshot?token=stale');
    expect(JSON.parse(api.body)).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('the cookie flow: the page opened with ?token= sets an HttpOnly strict cookie that then suffices', async () => {
    const page = await request(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    const cookie = String(page.headers['set-cookie'] ?? '');
    expect(cookie).toContain(`baton_token=${server.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const pair = cookie.split(';')[0] ?? '';
    expect((await request('/assets/app.js', { headers: { Cookie: pair } })).status).toBe(200);
    expect((await request('/api/snapshot', { headers: { Cookie: pair } })).status).toBe(200);
    expect(await upgrade('/api/ws', { Cookie: pair })).toBe(101);
    expect(
      (await request('/api/snapshot', { headers: { Cookie: 'baton_token=forged' } })).status,
    ).toBe(401);
    // Without ?token= no cookie is set (a reload does not re-issue it to whoever asks).
    expect((await request('/', { headers: bearer() })).headers['set-cookie']).toBeUndefined();
  });
});

describe('web mode: Host and Origin', () => {
  it('403 for a foreign Origin, an opaque one, or a foreign Host (DNS rebinding), on HTTP', async () => {
    const cases: Array<Record<string, string>> = [
      { Origin: 'http://evil.example' },
      { Origin: `http://127.0.0.1:${server.port + 1}` },
      { Origin: `https://127.0.0.1:${server.port}` },
      { Origin: 'null' },
      { Host: `evil.example:${server.port}` },
      { Host: 'evil.example' },
    ];
    for (const headers of cases) {
      const reply = await request('/api/snapshot', { headers: { ...bearer(), ...headers } });
      expect(reply.status, JSON.stringify(headers)).toBe(403);
    }
    const ok = await request('/api/snapshot', {
      headers: { ...bearer(), Origin: `http://127.0.0.1:${server.port}` },
    });
    expect(ok.status).toBe(200);
    const localhost = await request('/api/snapshot', {
      headers: { ...bearer(), Host: `localhost:${server.port}` },
    });
    expect(localhost.status).toBe(200);
  });

  it('403 for a WebSocket from a foreign Origin or Host, even with the token', async () => {
    const withToken = `/api/ws?token=${server.token}`;
    expect(await upgrade(withToken, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade(withToken, { Host: `evil.example:${server.port}` })).toBe(403);
    expect(await upgrade(withToken, { Origin: `http://localhost:${server.port}` })).toBe(101);
  });
});

describe('web mode: static files', () => {
  it('serves the built renderer with its security headers', async () => {
    const page = await request('/', { headers: bearer() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Baton</title>');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await request('/leases/some/route', { headers: bearer() })).body).toContain('<title>');
  });

  it.each([
    '/../secret.txt',
    '/../../../../etc/passwd',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/assets/escape.js',
    '/up/secret.txt',
    '/%00/index.html',
    '/%E0%A4%A',
  ])('serves nothing outside the renderer: %s', async (rawPath) => {
    const reply = await request(rawPath, { headers: bearer() });
    // Not found, or (for an extensionless route) the UI's own index.html: never the file.
    if (reply.status !== 404) {
      expect(reply.status).toBe(200);
      expect(reply.body).toBe('<!doctype html><title>Baton</title>');
    }
    expect(reply.body).not.toContain(SECRET);
    expect(reply.body).not.toContain('root:');
  });

  it('refuses other methods and unknown API routes', async () => {
    expect((await request('/', { method: 'DELETE', headers: bearer() })).status).toBe(405);
    expect((await request('/api/nothing', { headers: bearer() })).status).toBe(404);
    const unknown = await request('/api/call/dropTables', {
      method: 'POST',
      headers: bearer(),
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: 'unknown_request' } });
    const badJson = await request('/api/call/info', {
      method: 'POST',
      headers: bearer(),
      body: '{oops',
    });
    expect(badJson.status).toBe(400);
    const badInput = await request('/api/call/search', {
      method: 'POST',
      headers: bearer(),
      body: JSON.stringify({ query: '' }),
    });
    expect(badInput.status).toBe(400);
    expect(JSON.parse(badInput.body)).toMatchObject({ error: { code: 'bad_request' } });
    const big = await request('/api/call/info', {
      method: 'POST',
      headers: bearer(),
      body: JSON.stringify({ pad: 'x'.repeat(10_000) }),
    }).catch(() => ({ status: 400 }));
    expect(big.status).toBe(400);
  });
});

describe('web mode: binding', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=`));
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    const targets = [external?.address, '::1'].filter((a): a is string => Boolean(a));
    for (const host of targets) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = net.connect({ host, port: server.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(outcome, host).not.toBe('connected');
    }
  });
});
