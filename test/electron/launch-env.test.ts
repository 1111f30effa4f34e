import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchSettings } from '../../electron/launch-env.ts';

describe('launch settings (what baton start passes to Electron)', () => {
  it('defaults: no directory, events, no thresholds', () => {
    expect(launchSettings({})).toEqual({ ephemeral: false, watch: 'events', thresholds: {} });
  });

  it('reads the directory, its ephemerality, the data dir, polling and thresholds', () => {
    expect(
      launchSettings({
        BATON_DIR: 'rel/dir',
        BATON_DIR_EPHEMERAL: '1',
        BATON_DATA_DIR: '/tmp/data',
        BATON_WATCH: 'polling',
        BATON_THRESHOLDS: JSON.stringify({
          handoff_overdue_ms: 20_000,
          clock_skew_ms: -1,
          bogus: 5,
        }),
      }),
    ).toEqual({
      dir: path.resolve('rel/dir'),
      ephemeral: true,
      dataDir: '/tmp/data',
      watch: 'polling',
      thresholds: { handoff_overdue_ms: 20_000 },
    });
  });

  it('ignores what it cannot use', () => {
    expect(launchSettings({ BATON_DIR_EPHEMERAL: '1', BATON_THRESHOLDS: '{oops' })).toEqual({
      ephemeral: false,
      watch: 'events',
      thresholds: {},
    });
  });
});
