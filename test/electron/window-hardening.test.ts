import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_CONTENT_SECURITY_POLICY,
  mainWindowOptions,
  secureWebPreferences,
} from '../../electron/window-options.ts';
import { REPO_ROOT } from '../support/processes.ts';

/** A CSP as directive -> sources. */
function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

function metaCsp(file: string): string {
  const html = fs.readFileSync(file, 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  if (!meta?.[1]) throw new Error(`${file} has no meta Content-Security-Policy`);
  return meta[1];
}

function expectStrict(policy: string): void {
  const csp = parseCsp(policy);
  expect(policy).not.toContain('unsafe-eval');
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  for (const sources of csp.values()) {
    expect(sources).not.toContain("'unsafe-inline'");
    expect(sources).not.toContain('*');
    expect(sources.some((s) => /^https?:/.test(s))).toBe(false);
  }
}

describe('window hardening', () => {
  it('web preferences: isolated, sandboxed, no Node, web security on, nothing experimental', () => {
    const prefs = secureWebPreferences('/app/dist/electron/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs.enableBlinkFeatures ?? '').toBe('');
    expect(mainWindowOptions('/p.cjs').webPreferences).toEqual(secureWebPreferences('/p.cjs'));
    expect(mainWindowOptions('/p.cjs').show).toBe(false);
  });

  it('the renderer’s index.html carries a strict CSP: script-src self, no unsafe-eval', () => {
    expectStrict(metaCsp(path.join(REPO_ROOT, 'renderer/index.html')));
  });

  it('the BUILT index.html keeps that CSP (when renderer/dist exists)', () => {
    const built = path.join(REPO_ROOT, 'renderer/dist/index.html');
    if (!fs.existsSync(built)) return;
    expectStrict(metaCsp(built));
    // And the build put no inline script in the page: every script has a src.
    const html = fs.readFileSync(built, 'utf8');
    for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) expect(tag).toMatch(/\ssrc=/);
  });

  it('the app protocol’s CSP header is at least as strict and opens no socket', () => {
    expectStrict(APP_CONTENT_SECURITY_POLICY);
    const csp = parseCsp(APP_CONTENT_SECURITY_POLICY);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });
});
