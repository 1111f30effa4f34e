import { describe, expect, it } from 'vitest';
import {
  guardNavigation,
  safeExternalUrl,
  type GuardableContents,
  type Preventable,
} from '../../electron/navigation-guard.ts';

type Handler = (event: Preventable) => void;

/** A stand-in for a webContents that records the guard's handlers. */
function fakeContents() {
  const handlers = new Map<string, Handler>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const contents: GuardableContents = {
    on(event: string, listener: Handler) {
      handlers.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler) {
      openHandler = handler;
    },
  };
  const fire = (event: string): boolean => {
    let prevented = false;
    handlers.get(event)?.({ preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler?.({ url }) };
}

describe('navigation guard', () => {
  it('denies every navigation and redirect, and <webview>', () => {
    const fake = fakeContents();
    guardNavigation(fake.contents, () => {});
    expect(fake.fire('will-navigate')).toBe(true);
    expect(fake.fire('will-redirect')).toBe(true);
    expect(fake.fire('will-attach-webview')).toBe(true);
  });

  it('denies every new window; a validated http(s) link opens in the system browser', () => {
    const fake = fakeContents();
    const opened: string[] = [];
    guardNavigation(fake.contents, (url) => opened.push(url));
    expect(fake.open('https://github.com/org/repo/pull/1')).toEqual({ action: 'deny' });
    expect(fake.open('http://localhost:3000/x')).toEqual({ action: 'deny' });
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'app://baton/index.html',
      'data:text/html,<script>1</script>',
      'smb://host/share',
      'https://user:pass@example.com/',
      'not a url',
      `https://example.com/${'a'.repeat(3000)}`,
    ]) {
      expect(fake.open(url)).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://github.com/org/repo/pull/1', 'http://localhost:3000/x']);
  });

  it('safeExternalUrl normalises what it accepts', () => {
    expect(safeExternalUrl('HTTPS://Example.com/a b')).toBe('https://example.com/a%20b');
    expect(safeExternalUrl('vscode://file/x')).toBeUndefined();
  });
});
