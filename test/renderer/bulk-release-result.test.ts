import { describe, expect, it } from 'vitest';
import { refusalText, shortToken } from '../../renderer/src/components/bulk-release-result.ts';
import { lease, T0 } from './support/fixtures.ts';

// A bulk release's refused row names who holds the lease now, and tokens stay tellable apart.
describe('bulk release rows', () => {
  it('a lease that changed hands names the new holder', () => {
    const bob = lease('old/a.ts', { expires: T0 + 60_000, holder: 'bob', token: 'lease-b0b' });
    expect(
      refusalText({ ok: false, code: 'changed', message: 'changed hands', current: bob }),
    ).toBe('refused: now held by bob');
    expect(
      refusalText({ ok: false, code: 'changed', message: 'changed hands', current: bob.record }),
    ).toBe('refused: now held by bob');
  });

  it('gone, unknown current, and errors', () => {
    expect(refusalText({ ok: false, code: 'changed', message: 'x', current: null })).toBe(
      'refused: already released',
    );
    expect(refusalText({ ok: false, code: 'not_found', message: 'x' })).toBe(
      'refused: already released',
    );
    expect(refusalText({ ok: false, code: 'changed', message: 'x' })).toBe(
      'refused: changed hands',
    );
    expect(refusalText({ ok: false, code: 'error', message: 'disk full' })).toBe(
      'error: disk full',
    );
  });

  it('a token keeps both ends of its random part, not just the shared "lease-" head', () => {
    const a = shortToken('lease-9cca1b2e-0000-4000-8000-00000000aaaa');
    const b = shortToken('lease-9cca1b2e-0000-4000-8000-00000000bbbb');
    expect(a).not.toBe(b);
    expect(a.startsWith('9cca')).toBe(true);
    expect(Array.from(a).length).toBeLessThanOrEqual(12);
  });
});
