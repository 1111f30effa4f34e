import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../support/processes.ts';

describe('npm run test:electron without an Electron binary', () => {
  it('says plainly that none is available and exits 0', async () => {
    const result = await runNode('scripts/test-electron.mjs', [], {
      env: { ELECTRON_OVERRIDE_DIST_PATH: path.join('/nonexistent', 'electron-dist') },
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toMatch(
      /^test:electron: no Electron binary is available \(.+\), so the Electron end-to-end run is skipped\./,
    );
  });
});
