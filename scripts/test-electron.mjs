#!/usr/bin/env node
// `npm run test:electron`: the end-to-end suite (test/e2e) against the real Electron shell, under
// Playwright's `_electron.launch`, when an Electron binary is available
// (ELECTRON_OVERRIDE_DIST_PATH, or node_modules/electron/path.txt naming a binary in
// node_modules/electron/dist). These machines cannot download one (electron fetches it lazily on
// first run): then it says so plainly and exits 0. Not part of `npm test`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { locateElectronBinary } from '../core/launch/electron-binary.ts';
import { ensureElectronBuilt, ensureRendererBuilt } from '../core/launch/ensure-builds.ts';
import { repoPaths } from '../core/launch/repo-paths.ts';

const paths = repoPaths();
const electron = locateElectronBinary({ electronPackage: paths.electronPackage });
if (!electron.found) {
  console.log(
    `test:electron: no Electron binary is available (${electron.reason}), so the Electron end-to-end run is skipped. ` +
      'Set ELECTRON_OVERRIDE_DIST_PATH to an Electron dist directory to run it.',
  );
  process.exit(0);
}

const say = (line) => console.log(line);
await ensureRendererBuilt(paths, say);
await ensureElectronBuilt(paths, say);
console.log(`test:electron: running test/e2e in Electron (${electron.path})`);
const child = spawn(
  process.execPath,
  [
    path.join(paths.root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--config',
    'test/e2e/vitest.config.ts',
  ],
  {
    cwd: paths.root,
    stdio: 'inherit',
    env: {
      ...process.env,
      BATON_E2E_SHELL: 'electron',
      BATON_ELECTRON_BINARY: electron.path,
      BATON_ELECTRON_MAIN: paths.electronMain,
      // Built just above; the suite's global setup need not build the renderer again.
      BATON_E2E_SKIP_BUILD: '1',
    },
  },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
