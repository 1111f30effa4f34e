import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the checkout's pieces are, for the launcher (`baton start`, `baton monitor`): the CLI
 * runs from the checkout (bin/baton.mjs runs core/ directly), so paths are relative to this file.
 *
 * @example
 * repoPaths().rendererDist; // '/home/ana/baton/renderer/dist'
 */
export function repoPaths(root = fileURLToPath(new URL('../../', import.meta.url))): RepoPaths {
  const resolved = path.resolve(root);
  return {
    root: resolved,
    rendererDist: path.join(resolved, 'renderer/dist'),
    electronMain: path.join(resolved, 'dist/electron/main.cjs'),
    electronPackage: path.join(resolved, 'node_modules/electron'),
  };
}

export interface RepoPaths {
  root: string;
  /** The built UI (vite build --config renderer/vite.config.ts). */
  rendererDist: string;
  /** The built Electron main process (scripts/build-electron.mjs). */
  electronMain: string;
  /** The electron npm package (its path.txt names the binary inside dist/). */
  electronPackage: string;
}
