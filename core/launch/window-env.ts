import type { Thresholds } from '../monitor/attention/thresholds.ts';
import type { WatchMode } from '../monitor/watcher.ts';

/** What the desktop window is launched on (electron/launch-env.ts reads it back). */
export interface WindowLaunch {
  dir: string;
  /** The history index's directory: the same one `baton monitor` would use for this `dir`. */
  dataDir: string;
  watch: WatchMode;
  /** Set when `dir` is the demo's temporary directory. */
  demo?: { thresholds: Partial<Thresholds> } | undefined;
}

/**
 * The environment that hands a launch to the Electron main process. The data directory always
 * goes along, so a directory opened with `baton start --dir` and `baton monitor --dir` shares one
 * history index instead of indexing everything twice.
 *
 * @example
 * windowEnv({ dir: '/coord', dataDir: defaultDataDir(), watch: 'polling' });
 * // { BATON_DIR: '/coord', BATON_DATA_DIR: '/home/ana/.local/share/baton', BATON_WATCH: 'polling' }
 */
export function windowEnv(launch: WindowLaunch): Record<string, string> {
  return {
    BATON_DIR: launch.dir,
    BATON_DATA_DIR: launch.dataDir,
    ...(launch.watch === 'polling' ? { BATON_WATCH: 'polling' } : {}),
    ...(launch.demo
      ? { BATON_DIR_EPHEMERAL: '1', BATON_THRESHOLDS: JSON.stringify(launch.demo.thresholds) }
      : {}),
  };
}
