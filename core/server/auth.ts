import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Name of the cookie set when the page is opened with a valid `?token=`, so assets load too. */
export const TOKEN_COOKIE = 'baton_token';

/** A fresh random token for one server run (URL-safe, 32 bytes of entropy). */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/**
 * The token a request presents: `Authorization: Bearer …`, `?token=…`, or the cookie.
 *
 * @example
 * presentedToken(req, new URL(req.url!, 'http://127.0.0.1')); // 'k3J…' or undefined
 */
export function presentedToken(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const query = url.searchParams.get('token');
  if (query) return query;
  const cookie = req.headers.cookie;
  if (cookie) {
    for (const part of cookie.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (name === TOKEN_COOKIE) return decodeURIComponent(rest.join('='));
    }
  }
  return undefined;
}

/** Constant-time comparison, so response timing does not leak the token. */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * Loopback-only checks against DNS rebinding and cross-site requests: the Host header must name
 * this server on a loopback name, and a browser's Origin (when sent) must be this server.
 */
export function hostAndOriginAllowed(
  req: IncomingMessage,
  port: number,
): { ok: true } | { ok: false; reason: string } {
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const host = req.headers.host;
  if (!host || !allowedHosts.has(host))
    return { ok: false, reason: `host ${JSON.stringify(host)} is not this server` };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let originHost: string;
    try {
      const parsed = new URL(origin);
      originHost = parsed.protocol === 'http:' ? parsed.host : '';
    } catch {
      originHost = '';
    }
    if (!allowedHosts.has(originHost))
      return { ok: false, reason: `origin ${origin} is not allowed` };
  } else if (origin === 'null') {
    return { ok: false, reason: 'opaque origin is not allowed' };
  }
  return { ok: true };
}
