import path from 'node:path';
import { readThresholdsJson, type Thresholds } from '../core/monitor/attention/thresholds.ts';
import type { WatchMode } from '../core/monitor/watcher.ts';

/** How the shell was asked to start (set by `baton start`, or by hand). */
export interface LaunchSettings {
  /** The directory to open first; else the most recent one, else the chooser. */
  dir?: string;
  /** The directory is a throwaway (the demo fleet's temp dir): keep it out of the recent list. */
  ephemeral: boolean;
  /** Where the engine keeps its history index; default the app's userData directory. */
  dataDir?: string;
  watch: WatchMode;
  /** Attention thresholds for the launch directory (the demo runs faster than real fleets). */
  thresholds: Partial<Thresholds>;
}

/**
 * Read the launch settings from the environment: `BATON_DIR`, `BATON_DIR_EPHEMERAL=1`,
 * `BATON_DATA_DIR`, `BATON_WATCH=polling`, `BATON_THRESHOLDS` (JSON of threshold ms). The
 * environment rather than argv, because Chromium claims unknown `--switches` and a packaged app
 * is started by the desktop without arguments. Unusable values are ignored, never fatal.
 *
 * @example
 * launchSettings({ BATON_DIR: '/srv/coord' }); // { dir: '/srv/coord', ephemeral: false, watch: 'events', thresholds: {} }
 */
export function launchSettings(env: NodeJS.ProcessEnv): LaunchSettings {
  const dir = env.BATON_DIR ? path.resolve(env.BATON_DIR) : undefined;
  const dataDir = env.BATON_DATA_DIR ? path.resolve(env.BATON_DATA_DIR) : undefined;
  return {
    ...(dir ? { dir } : {}),
    ephemeral: Boolean(dir) && env.BATON_DIR_EPHEMERAL === '1',
    ...(dataDir ? { dataDir } : {}),
    watch: env.BATON_WATCH === 'polling' ? 'polling' : 'events',
    // Unusable values are left out: the desktop has no terminal to refuse them in.
    thresholds: readThresholdsJson(env.BATON_THRESHOLDS).thresholds,
  };
}
