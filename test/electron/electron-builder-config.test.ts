import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/processes.ts';

type Config = {
  appId?: string;
  productName?: string;
  extraMetadata?: { main?: string };
  files?: string[];
  asar?: boolean;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  linux?: { target?: string[]; maintainer?: string };
  mac?: { target?: string[] };
  win?: { target?: string[] };
};

const config = load(
  fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8'),
) as Config;

describe('electron-builder.yml', () => {
  it('names the app and starts the bundled main process', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe('Baton');
    // The bundle the build script writes (scripts/build-electron.mjs -> dist/electron/main.cjs).
    expect(config.extraMetadata?.main).toBe('dist/electron/main.cjs');
    expect(fs.readFileSync(path.join(REPO_ROOT, 'scripts/build-electron.mjs'), 'utf8')).toContain(
      "'main.cjs'",
    );
  });

  it('packages the shell, the built renderer, core and node_modules', () => {
    for (const pattern of [
      'package.json',
      'dist/electron/**',
      'renderer/dist/**',
      'core/**',
      'node_modules/**',
    ]) {
      expect(config.files).toContain(pattern);
    }
  });

  it('unpacks better-sqlite3 from the asar (a native module cannot load from inside it)', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(false);
  });

  it('targets Linux (AppImage, deb), macOS (dmg) and Windows (nsis)', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.maintainer).toBeTruthy(); // deb refuses to build without one
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
  });
});
