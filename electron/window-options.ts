import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The Baton window's options, hardened per Electron's security checklist. Kept apart from
 * main.ts (and importing only Electron's types) so a unit test can assert every flag without
 * the Electron binary.
 */

/**
 * The renderer's web preferences: isolated, sandboxed, no Node, web security on, nothing
 * experimental, no <webview>; the only bridge is the preload's `window.batonBridge`.
 *
 * @example
 * new BrowserWindow({ webPreferences: secureWebPreferences('/app/dist/electron/preload.cjs') });
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/**
 * The main window: hidden until the first paint (no white flash), a usable minimum size.
 *
 * @example
 * const win = new BrowserWindow(mainWindowOptions(preload));
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Baton',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/**
 * The Content-Security-Policy header on every page the app protocol serves. The built
 * index.html carries a meta CSP too (renderer/index.html); this header repeats it without the
 * WebSocket sources web mode needs, since inside Electron the page talks over IPC only.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
