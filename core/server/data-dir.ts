import os from 'node:os';
import path from 'node:path';

/**
 * Where the monitor keeps its own data (the history index): never inside the coordination
 * directory. `BATON_DATA_DIR` overrides the platform's usual place.
 *
 * @example
 * defaultDataDir(); // '/home/ana/.local/share/baton' on Linux
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.BATON_DATA_DIR) return path.resolve(env.BATON_DATA_DIR);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'baton');
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'baton');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'baton');
}
