import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appProtocolResponse } from '../../electron/app-protocol.ts';
import { APP_INDEX_URL, isAppUrl } from '../../electron/app-origin.ts';
import { useTempDir } from '../support/temp-dir.ts';

const tempDir = useTempDir('app-protocol');

/** A built renderer in `root/dist`, with a secret beside it and a symlink pointing out. */
function layout(): string {
  const root = tempDir();
  const dist = path.join(root, 'dist');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Baton</title>');
  fs.writeFileSync(path.join(dist, 'assets/app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'TOP SECRET');
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(dist, 'assets/link.js'));
  fs.symlinkSync(root, path.join(dist, 'up'));
  return dist;
}

async function get(dist: string, url: string, method = 'GET') {
  const response = appProtocolResponse(dist, url, method);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('app:// protocol (renderer/dist only)', () => {
  it('serves the page with its CSP header and the assets with their types', async () => {
    const dist = layout();
    const page = await get(dist, APP_INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await get(dist, 'app://baton/assets/app.js');
    expect(script).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get(dist, 'app://baton/leases')).body).toContain('<title>Baton</title>');
  });

  it.each([
    'app://baton/../secret.txt',
    'app://baton/%2e%2e/secret.txt',
    'app://baton/%2E%2E%2Fsecret.txt',
    'app://baton/assets/..%2f..%2fsecret.txt',
    'app://baton/assets/%2e%2e/%2e%2e/secret.txt',
    'app://baton/..%5csecret.txt',
    'app://baton/assets/link.js',
    'app://baton/up/secret.txt',
    'app://baton/%00index.html',
    'app://baton/%E0%A4%A',
    'app://evil/index.html',
    'https://baton/index.html',
    'file:///etc/passwd',
  ])('serves nothing outside renderer/dist: %s', async (url) => {
    const dist = layout();
    const response = await get(dist, url);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('TOP SECRET');
  });

  it('refuses other methods', async () => {
    expect((await get(layout(), APP_INDEX_URL, 'POST')).status).toBe(405);
  });

  it('knows its own origin', () => {
    expect(isAppUrl('app://baton/index.html')).toBe(true);
    expect(isAppUrl('app://baton.evil/index.html')).toBe(false);
    expect(isAppUrl('app://user@baton/index.html')).toBe(false);
    expect(isAppUrl('file:///app/index.html')).toBe(false);
    expect(isAppUrl('nonsense')).toBe(false);
  });
});

describe('shared no-traversal rule', () => {
  it('still serves a file whose name merely starts with two dots', async () => {
    const dist = layout();
    fs.writeFileSync(path.join(dist, '..notes.txt'), 'inside');
    expect(await get(dist, 'app://baton/..notes.txt')).toMatchObject({
      status: 200,
      body: 'inside',
    });
  });
});
