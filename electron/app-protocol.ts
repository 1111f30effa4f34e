import fs from 'node:fs';
import { resolveStatic } from '../core/server/static-files.ts';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';
import { APP_CONTENT_SECURITY_POLICY } from './window-options.ts';

/**
 * The `app://baton/…` protocol handler's logic: serve the built renderer (renderer/dist) and
 * nothing else. It resolves paths with core/server/static-files.ts, the very function web mode
 * uses, so both shells share one no-traversal rule (decoded, normalised, symlinks resolved,
 * must stay inside the root). Returns a web `Response`, what `protocol.handle` expects.
 *
 * @example
 * protocol.handle('app', (request) => appProtocolResponse(distDir, request.url, request.method));
 */
export function appProtocolResponse(distDir: string, requestUrl: string, method = 'GET'): Response {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return notFound();
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
  if (method !== 'GET' && method !== 'HEAD') {
    return new Response('method not allowed', { status: 405, headers: baseHeaders('text/plain') });
  }
  const file = resolveStatic(distDir, url.pathname);
  if (!file) return notFound();
  const headers = baseHeaders(file.contentType);
  if (file.contentType.startsWith('text/html')) {
    headers['Content-Security-Policy'] = APP_CONTENT_SECURITY_POLICY;
  }
  if (method === 'HEAD') return new Response(null, { status: 200, headers });
  return new Response(fs.readFileSync(file.path), { status: 200, headers });
}

function baseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

function notFound(): Response {
  return new Response('not found', { status: 404, headers: baseHeaders('text/plain') });
}
