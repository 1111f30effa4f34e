import { describe, expect, it } from 'vitest';
import { socketUrl, takeToken } from '../../renderer/src/client/connect.ts';
import { toReply } from '../../renderer/src/client/ipc-carrier.ts';

function place(href: string, stored?: string) {
  const storage = new Map<string, string>(stored ? [['baton.token', stored]] : []);
  const replaced: string[] = [];
  return {
    location: { href },
    sessionStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    },
    history: {
      state: null,
      replaceState: (_s: unknown, _t: string, url?: string | URL | null) =>
        void replaced.push(String(url)),
    },
    storage,
    replaced,
  };
}

describe('web-mode token', () => {
  it('takes the token from the URL, keeps it for reloads, and strips it from the address bar', () => {
    const p = place('http://127.0.0.1:4100/?token=abc&x=1#leases');
    expect(takeToken(p)).toBe('abc');
    expect(p.storage.get('baton.token')).toBe('abc');
    expect(p.replaced).toEqual(['/?x=1#leases']);
  });

  it('falls back to the stored token after a reload', () => {
    const p = place('http://127.0.0.1:4100/#leases', 'kept');
    expect(takeToken(p)).toBe('kept');
    expect(p.replaced).toEqual([]);
  });

  it('builds the socket URL on the page origin', () => {
    expect(socketUrl('http://127.0.0.1:4100/x?y=1#z', 'a b')).toBe(
      'ws://127.0.0.1:4100/api/ws?token=a+b',
    );
    expect(socketUrl('https://h/', undefined)).toBe('wss://h/api/ws');
  });
});

describe('IPC replies', () => {
  it('reads the wire frame shapes, and tolerates a bare result', () => {
    expect(toReply({ type: 'result', result: 1 })).toEqual({ type: 'result', result: 1 });
    expect(toReply({ type: 'error', error: { code: 'bad_request', message: 'no' } })).toEqual({
      type: 'error',
      error: { code: 'bad_request', message: 'no' },
    });
    expect(toReply({ type: 'error', error: 'boom' })).toMatchObject({
      type: 'error',
      error: { code: 'internal' },
    });
    expect(toReply({ entries: [] })).toEqual({ type: 'result', result: { entries: [] } });
  });
});
