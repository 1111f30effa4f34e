import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateElectronBinary } from '../../../core/launch/electron-binary.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('electron-binary');

/** A node_modules/electron look-alike: path.txt and (optionally) the binary in dist/. */
function electronPackage(options: { pathTxt?: string; binary?: boolean }): string {
  const pkg = path.join(tempDir(), 'node_modules/electron');
  fs.mkdirSync(pkg, { recursive: true });
  if (options.pathTxt !== undefined) fs.writeFileSync(path.join(pkg, 'path.txt'), options.pathTxt);
  if (options.binary) {
    fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'dist', options.pathTxt ?? 'electron'), '#!/bin/sh\n', {
      mode: 0o755,
    });
  }
  return pkg;
}

describe('locateElectronBinary (never downloads)', () => {
  it('finds the binary path.txt names in dist/', () => {
    const pkg = electronPackage({ pathTxt: 'electron', binary: true });
    expect(locateElectronBinary({ electronPackage: pkg, env: {}, platform: 'linux' })).toEqual({
      found: true,
      path: path.join(pkg, 'dist/electron'),
    });
  });

  it('explains why there is none: never downloaded, or dist missing, or not installed', () => {
    const none = electronPackage({});
    expect(
      locateElectronBinary({ electronPackage: none, env: {}, platform: 'linux' }),
    ).toMatchObject({
      found: false,
      reason: expect.stringContaining('never downloaded'),
    });
    const noDist = electronPackage({ pathTxt: 'electron' });
    expect(
      locateElectronBinary({ electronPackage: noDist, env: {}, platform: 'linux' }),
    ).toMatchObject({
      found: false,
      reason: expect.stringContaining('missing'),
    });
    expect(
      locateElectronBinary({
        electronPackage: path.join(tempDir(), 'nope'),
        env: {},
        platform: 'linux',
      }),
    ).toMatchObject({ found: false, reason: expect.stringContaining('not installed') });
  });

  it('prefers ELECTRON_OVERRIDE_DIST_PATH, and requires an executable there', () => {
    const pkg = electronPackage({});
    const dist = path.join(tempDir(), 'custom-dist');
    fs.mkdirSync(dist);
    const env = { ELECTRON_OVERRIDE_DIST_PATH: dist };
    expect(locateElectronBinary({ electronPackage: pkg, env, platform: 'linux' })).toMatchObject({
      found: false,
      reason: expect.stringContaining('ELECTRON_OVERRIDE_DIST_PATH'),
    });
    fs.writeFileSync(path.join(dist, 'electron'), 'not executable', { mode: 0o644 });
    expect(locateElectronBinary({ electronPackage: pkg, env, platform: 'linux' }).found).toBe(
      false,
    );
    fs.chmodSync(path.join(dist, 'electron'), 0o755);
    expect(locateElectronBinary({ electronPackage: pkg, env, platform: 'linux' })).toEqual({
      found: true,
      path: path.join(dist, 'electron'),
    });
  });

  it('on this machine (no download possible) it reports, never throws', () => {
    const result = locateElectronBinary({ electronPackage: path.resolve('node_modules/electron') });
    expect(typeof result.found).toBe('boolean');
  });
});
