import type { BatonBridge } from '../../../core/api/bridge.ts';
import { createClient, type BatonClient } from '../../../core/api/client.ts';
import { checkSocketToken, createWebSocketCarrier } from '../../../core/api/ws-carrier.ts';
import { createIpcCarrier } from './ipc-carrier.ts';

declare global {
  interface Window {
    /** Exposed by Electron's preload; absent in a browser (web mode). */
    batonBridge?: BatonBridge;
  }
}

const TOKEN_KEY = 'baton.token';

type TokenPlace = {
  location: { href: string };
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
  history: Pick<History, 'replaceState' | 'state'>;
};

/**
 * The web-mode token: taken from the page URL's `token` query parameter (what `baton monitor`
 * prints), kept in sessionStorage so a reload still works, and stripped from the address bar so
 * it does not linger in screenshots, history or a shared screen.
 */
export function takeToken(place: TokenPlace): string | undefined {
  const url = new URL(place.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    place.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    place.history.replaceState(place.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return place.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** `ws(s)://<page origin>/api/ws?token=…`: the socket lives on the page's own origin. */
export function socketUrl(pageHref: string, token: string | undefined): string {
  const url = new URL('/api/ws', pageHref);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  if (token) url.searchParams.set('token', token);
  url.hash = '';
  return url.toString();
}

/** Picks the carrier once, at start-up: IPC inside Electron, else a WebSocket. */
export function connectFromPage(win: Window): BatonClient {
  if (win.batonBridge) return createClient(createIpcCarrier(win.batonBridge));
  const token = takeToken(win);
  return createClient(
    createWebSocketCarrier({
      url: () => socketUrl(win.location.href, token),
      // A refused token must read as such, not as "reconnecting" forever.
      checkToken: (url) => checkSocketToken(url),
    }),
  );
}
