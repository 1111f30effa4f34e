/**
 * Where the renderer comes from inside Electron: a custom `app://baton/` protocol serving
 * renderer/dist (electron/app-protocol.ts), not file://. A registered standard scheme gives the
 * page a real origin of its own (every file:// page shares one opaque origin), so CSP 'self'
 * means exactly our files and the sender check below can name one origin.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'baton';
/** The page the window loads. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * True when `url` is a page of ours (`app://baton/…`). Compares scheme and host rather than
 * `URL.origin`, which WHATWG URL reports as "null" for schemes it does not know.
 *
 * @example
 * isAppUrl('app://baton/index.html'); // true
 * isAppUrl('https://evil.example/'); // false
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
