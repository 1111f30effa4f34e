import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticFile {
  path: string;
  contentType: string;
}

/**
 * Resolve a request path to a file inside `root` (the built renderer), or undefined. Never serves
 * anything outside `root`: the path is decoded, normalised and checked after symlinks resolve.
 * Unknown routes without an extension fall back to index.html (the UI routes client-side).
 *
 * @example
 * resolveStatic('/srv/renderer/dist', '/assets/app.js'); // { path: '/srv/renderer/dist/assets/app.js', … }
 * resolveStatic('/srv/renderer/dist', '/../../etc/passwd'); // undefined
 */
export function resolveStatic(root: string, urlPath: string): StaticFile | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const realRoot = safeRealpath(root);
  if (!realRoot) return undefined;
  const wanted = path.resolve(realRoot, '.' + path.posix.normalize('/' + decoded));
  const candidate =
    fileInside(realRoot, wanted) ??
    (path.extname(decoded) === ''
      ? fileInside(realRoot, path.join(realRoot, 'index.html'))
      : undefined);
  if (!candidate) return undefined;
  return {
    path: candidate,
    contentType: TYPES[path.extname(candidate)] ?? 'application/octet-stream',
  };
}

function fileInside(root: string, file: string): string | undefined {
  const real = safeRealpath(file);
  if (!real) return undefined;
  const rel = path.relative(root, real);
  // `..` or `../…` leaves the root; a file merely named `..foo` inside it does not.
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  try {
    return fs.statSync(real).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

function safeRealpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}
