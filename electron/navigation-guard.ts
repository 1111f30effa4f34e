/** An Electron event that can be cancelled. */
export interface Preventable {
  preventDefault(): void;
}

/** The part of a webContents the guard configures (Electron's WebContents satisfies it). */
export interface GuardableContents {
  on(event: 'will-navigate', listener: (event: Preventable) => void): unknown;
  on(event: 'will-redirect', listener: (event: Preventable) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

const MAX_EXTERNAL_URL = 2048;

/**
 * The URL to hand to the operating system's browser, or undefined when it is not one we open:
 * only http(s), with a host, no embedded credentials, of a sane length. Everything else (file:,
 * javascript:, custom schemes that launch other apps) is dropped.
 *
 * @example
 * safeExternalUrl('https://github.com/org/repo'); // 'https://github.com/org/repo'
 * safeExternalUrl('file:///etc/passwd'); // undefined
 */
export function safeExternalUrl(raw: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_EXTERNAL_URL) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!url.hostname || url.username !== '' || url.password !== '') return undefined;
  return url.toString();
}

/**
 * Lock a webContents to our page: every navigation and redirect away is cancelled (the UI is a
 * single page: it never navigates), <webview> cannot be attached, and every `window.open` or
 * target=_blank link is denied — a validated http(s) link goes to the system browser instead.
 *
 * @example
 * guardNavigation(win.webContents, (url) => void shell.openExternal(url));
 */
export function guardNavigation(
  contents: GuardableContents,
  openExternal: (url: string) => void,
): void {
  // Even to a URL of ours: the renderer routes client-side, so a real navigation means trouble.
  const stayHome = (event: Preventable): void => event.preventDefault();
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = safeExternalUrl(url);
    if (external) openExternal(external);
    return { action: 'deny' };
  });
}
