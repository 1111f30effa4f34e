import fs from 'node:fs';
import path from 'node:path';

/** The Electron binary to run, or why there is none. */
export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/** The binary's path inside an Electron dist directory when path.txt does not say. */
const DEFAULT_EXECUTABLE: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

/**
 * Find the Electron binary the way the `electron` package does (ELECTRON_OVERRIDE_DIST_PATH,
 * else node_modules/electron/path.txt naming a file in node_modules/electron/dist) WITHOUT
 * requiring that package: its index.js downloads the binary when missing, which cannot work
 * offline and must never happen behind the operator's back. Only an existing executable counts.
 *
 * @example
 * const electron = locateElectronBinary({ electronPackage: 'node_modules/electron' });
 * if (!electron.found) console.log(electron.reason);
 */
export function locateElectronBinary(options: {
  electronPackage: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}): ElectronBinary {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const pathTxt = readPathTxt(options.electronPackage);
  const executable = pathTxt ?? DEFAULT_EXECUTABLE[platform] ?? 'electron';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, executable);
    return isExecutable(candidate, platform)
      ? { found: true, path: candidate }
      : {
          found: false,
          reason: `ELECTRON_OVERRIDE_DIST_PATH names no binary: ${candidate}`,
        };
  }
  if (!fs.existsSync(options.electronPackage)) {
    return { found: false, reason: 'the electron package is not installed' };
  }
  if (pathTxt === undefined) {
    return {
      found: false,
      reason: 'never downloaded: node_modules/electron/path.txt is missing',
    };
  }
  const candidate = path.join(options.electronPackage, 'dist', pathTxt);
  return isExecutable(candidate, platform)
    ? { found: true, path: candidate }
    : { found: false, reason: `missing: ${candidate}` };
}

function readPathTxt(electronPackage: string): string | undefined {
  try {
    const text = fs.readFileSync(path.join(electronPackage, 'path.txt'), 'utf8').trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
