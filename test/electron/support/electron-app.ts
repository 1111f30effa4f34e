import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { locateElectronBinary } from '../../../core/launch/electron-binary.ts';
import { repoPaths } from '../../../core/launch/repo-paths.ts';

/**
 * Launch the real Electron shell under Playwright (`_electron.launch`) on a coordination
 * directory, for the end-to-end suite when `npm run test:electron` finds an Electron binary
 * (scripts/test-electron.mjs sets BATON_E2E_SHELL=electron, BATON_ELECTRON_BINARY and
 * BATON_ELECTRON_MAIN). The window's page is the same UI the web-mode suite drives, talking over
 * IPC instead of a WebSocket. Its userData and history index go to a temp dir removed on close.
 *
 * @example
 * const shell = await launchElectronApp({ dir });
 * await shell.page.getByText('Leases').click();
 * await shell.close();
 */
export async function launchElectronApp(options: {
  dir: string;
  env?: Record<string, string>;
}): Promise<{ app: ElectronApplication; page: Page; close(): Promise<void> }> {
  const paths = repoPaths();
  const binary = process.env.BATON_ELECTRON_BINARY ?? locateBinaryOrThrow(paths.electronPackage);
  const main = process.env.BATON_ELECTRON_MAIN ?? paths.electronMain;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-electron-e2e-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  }
  const app = await _electron.launch({
    executablePath: binary,
    args: [
      main,
      `--user-data-dir=${path.join(scratch, 'user-data')}`,
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
    cwd: paths.root,
    env: {
      ...env,
      BATON_DIR: options.dir,
      BATON_DIR_EPHEMERAL: '1',
      BATON_DATA_DIR: path.join(scratch, 'data'),
      ...options.env,
    },
  });
  const page = await app.firstWindow();
  return {
    app,
    page,
    async close() {
      await app.close();
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}

function locateBinaryOrThrow(electronPackage: string): string {
  const found = locateElectronBinary({ electronPackage });
  if (!found.found) throw new Error(`no Electron binary: ${found.reason}`);
  return found.path;
}
