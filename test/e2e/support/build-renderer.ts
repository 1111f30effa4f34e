import path from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from '../../support/processes.ts';

/** Build renderer/dist once before the suite, so the tests drive the UI as it is now. */
export default async function setup(): Promise<void> {
  if (process.env['BATON_E2E_SKIP_BUILD'] === '1') return;
  await build({ configFile: path.join(REPO_ROOT, 'renderer/vite.config.ts'), logLevel: 'warn' });
}
