import { describe, expect, it } from 'vitest';
import { windowEnv } from '../../../core/launch/window-env.ts';
import { launchSettings } from '../../../electron/launch-env.ts';

// What `baton start` hands the desktop window must come out the same on the other side.
describe('windowEnv', () => {
  it('hands a real directory over with its data directory and watch mode', () => {
    const env = windowEnv({ dir: '/srv/coord', dataDir: '/var/lib/baton', watch: 'polling' });
    expect(launchSettings(env)).toEqual({
      dir: '/srv/coord',
      ephemeral: false,
      dataDir: '/var/lib/baton',
      watch: 'polling',
      thresholds: {},
    });
  });

  it('watches by file events unless polling is asked for', () => {
    const env = windowEnv({ dir: '/srv/coord', dataDir: '/var/lib/baton', watch: 'events' });
    expect(env).not.toHaveProperty('BATON_WATCH');
    expect(launchSettings(env).watch).toBe('events');
  });

  it('marks the demo directory throwaway and carries its thresholds', () => {
    const env = windowEnv({
      dir: '/tmp/baton-start-x/fleet',
      dataDir: '/tmp/baton-start-x/monitor-data',
      watch: 'events',
      demo: { thresholds: { barrier_stuck_ms: 1000 } },
    });
    expect(launchSettings(env)).toMatchObject({
      dir: '/tmp/baton-start-x/fleet',
      ephemeral: true,
      dataDir: '/tmp/baton-start-x/monitor-data',
      thresholds: { barrier_stuck_ms: 1000 },
    });
  });
});
