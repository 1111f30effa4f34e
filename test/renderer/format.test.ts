import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatCount,
  formatCountdown,
  formatDuration,
  formatOffset,
  formatTimestamp,
  localizeInstants,
  parseInstant,
} from '../../renderer/src/format/duration.ts';
import { middleEllipsis } from '../../renderer/src/format/middle-ellipsis.ts';
import { roomKeyEllipsis } from '../../renderer/src/format/room-key.ts';

describe('durations', () => {
  it('reads as at most two units, whole seconds', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(999)).toBe('0s');
    expect(formatDuration(59_999)).toBe('59s');
    expect(formatDuration(72_000)).toBe('1m 12s');
    expect(formatDuration(120_000)).toBe('2m');
    expect(formatDuration(3_600_000 + 5 * 60_000 + 7_000)).toBe('1h 5m');
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000)).toBe('2d 4h');
    expect(formatDuration(-5_000)).toBe('0s');
  });

  it('counts down rounding up, and flips to the past exactly at zero', () => {
    expect(formatCountdown(72_000)).toBe('expires in 1m 12s');
    expect(formatCountdown(71_001)).toBe('expires in 1m 12s');
    expect(formatCountdown(1)).toBe('expires in 1s');
    expect(formatCountdown(0)).toBe('expired 0s ago');
    expect(formatCountdown(-3_400)).toBe('expired 3s ago');
    expect(formatCountdown(5_000, { future: 'due in', past: 'overdue' })).toBe('due in 5s');
  });

  it('says how long ago, and "just now" under a second or for a slightly future stamp', () => {
    expect(formatAgo(3_000)).toBe('3s ago');
    expect(formatAgo(400)).toBe('just now');
    expect(formatAgo(-400)).toBe('just now');
    expect(formatAgo(-5_000)).toBe('in 5s');
  });

  it('formats offsets and counts', () => {
    expect(formatOffset(312)).toBe('+0.3 s');
    expect(formatOffset(-5_200)).toBe('−5.2 s');
    expect(formatOffset(42_000)).toBe('+42 s');
    expect(formatCount(10_000)).toBe('10,000');
    expect(formatCount(999)).toBe('999');
  });
});

describe('instants in evidence', () => {
  it('reads an ISO UTC timestamp, and nothing else, as an instant', () => {
    expect(parseInstant('2026-11-22T21:48:09.473Z')).toBe(Date.UTC(2026, 10, 22, 21, 48, 9, 473));
    expect(parseInstant('2026-11-22T21:48:09Z')).toBe(Date.UTC(2026, 10, 22, 21, 48, 9));
    for (const text of ['60s', 'tester-3', '2026-11-22', '2026-11-22T21:48:09+01:00', '']) {
      expect(parseInstant(text)).toBeUndefined();
    }
  });

  it('shows every instant in a text in local time and leaves the rest alone', () => {
    const ms = Date.UTC(2026, 10, 22, 21, 48, 9, 473);
    expect(localizeInstants('2026-11-22T21:48:09.473Z')).toBe(formatTimestamp(ms));
    expect(localizeInstants('waiting since 2026-11-22T21:48:09.473Z, still')).toBe(
      `waiting since ${formatTimestamp(ms)}, still`,
    );
    expect(localizeInstants('crashed')).toBe('crashed');
  });
});

describe('middleEllipsis', () => {
  it('leaves short text alone', () => {
    expect(middleEllipsis('src/app.ts', 20)).toBe('src/app.ts');
  });

  it('cuts the middle, keeps the file name, and never exceeds the budget', () => {
    const path =
      'packages/web/src/components/settings/notifications/NotificationPreferencesPanel.tsx';
    for (const max of [10, 24, 40, 60]) {
      const out = middleEllipsis(path, max);
      expect(Array.from(out).length).toBeLessThanOrEqual(max);
      expect(out).toContain('…');
      expect(path.startsWith(out.split('…')[0]!)).toBe(true);
      expect(path.endsWith(out.split('…')[1]!)).toBe(true);
    }
    expect(middleEllipsis(path, 60).endsWith('/NotificationPreferencesPanel.tsx')).toBe(true);
  });

  it('handles tiny budgets and astral characters', () => {
    expect(middleEllipsis('abcdef', 1)).toBe('…');
    const out = middleEllipsis('😀😀😀😀😀😀😀😀', 5);
    expect(Array.from(out).length).toBe(5);
  });
});

describe('roomKeyEllipsis', () => {
  const app = { scope: 'workspace', scope_id: 'acme-app', room: 'planning' };
  const web = { scope: 'workspace', scope_id: 'acme-web', room: 'planning' };

  it('keeps rooms that differ only in scope_id distinct at every width', () => {
    for (let max = 1; max <= 30; max++) {
      const a = roomKeyEllipsis(app, max);
      const b = roomKeyEllipsis(web, max);
      expect(Array.from(a).length).toBeLessThanOrEqual(max);
      // Room name, "…/", "/" and three characters of the scope_id: from there on, distinct.
      if (max >= 14) expect(a).not.toBe(b);
    }
    // The cut that used to make both read "workspace/a…/planning".
    expect(middleEllipsis('workspace/acme-app/planning', 21)).toBe(
      middleEllipsis('workspace/acme-web/planning', 21),
    );
    expect(roomKeyEllipsis(app, 21)).toBe('wo…/acme-app/planning');
  });

  it('cuts the scope first, then the middle of the scope_id, keeping the room name', () => {
    expect(roomKeyEllipsis(app, 40)).toBe('workspace/acme-app/planning');
    expect(roomKeyEllipsis(app, 19)).toBe('…/acme-app/planning');
    expect(roomKeyEllipsis(app, 16)).toBe('…/a…app/planning');
    expect(roomKeyEllipsis(app, 14).endsWith('planning')).toBe(true);
  });
});
