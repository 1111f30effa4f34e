import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildFreshness, type BuildFreshness } from './build-freshness.ts';
import type { RepoPaths } from './repo-paths.ts';

/** What ensureBuilt did: nothing (`fresh`, or skipped), or built because the output was missing/stale. */
export type EnsureResult =
  { built: false } | { built: true; because: Exclude<BuildFreshness, 'fresh'> };

/**
 * `BATON_SKIP_BUILD=1` uses renderer/dist and dist/electron as they are: for tests and CI runs
 * that build once up front (a rebuild empties renderer/dist under anything serving it).
 */
function skipBuilds(): boolean {
  return process.env.BATON_SKIP_BUILD === '1';
}

/**
 * The renderer's inputs: its sources, and core/api (the contract and client it bundles).
 *
 * @example
 * buildFreshness(path.join(paths.rendererDist, 'index.html'), rendererInputs(paths));
 */
export function rendererInputs(paths: RepoPaths): string[] {
  return ['renderer/src', 'renderer/index.html', 'renderer/vite.config.ts', 'core/api'].map((p) =>
    path.join(paths.root, p),
  );
}

/**
 * The Electron bundle's inputs: the shell and all of core/, which main.cjs bundles.
 *
 * @example
 * buildFreshness(paths.electronMain, electronInputs(paths));
 */
export function electronInputs(paths: RepoPaths): string[] {
  return ['electron', 'core', 'scripts/build-electron.mjs'].map((p) => path.join(paths.root, p));
}

/**
 * Build the UI with Vite when renderer/dist is missing or older than its sources, printing one
 * line through `say` first (a first `./run start` takes a few seconds more; later ones none).
 *
 * @example
 * await ensureRendererBuilt(repoPaths(), (line) => process.stderr.write(line + '\n'));
 */
export async function ensureRendererBuilt(
  paths: RepoPaths,
  say: (line: string) => void,
): Promise<EnsureResult> {
  if (skipBuilds()) return { built: false };
  const state = buildFreshness(path.join(paths.rendererDist, 'index.html'), rendererInputs(paths));
  if (state === 'fresh') return { built: false };
  say(
    `baton: building the UI (${state === 'missing' ? 'renderer/dist is missing' : 'renderer/dist is older than its sources'})…`,
  );
  await runNodeScript(paths.root, [
    path.join(paths.root, 'node_modules/vite/bin/vite.js'),
    'build',
    '--config',
    'renderer/vite.config.ts',
    '--logLevel',
    'warn',
  ]);
  return { built: true, because: state };
}

/**
 * Bundle the Electron main and preload (scripts/build-electron.mjs) when dist/electron is
 * missing or older than electron/ or core/, printing one line through `say` first.
 *
 * @example
 * await ensureElectronBuilt(repoPaths(), console.error);
 */
export async function ensureElectronBuilt(
  paths: RepoPaths,
  say: (line: string) => void,
): Promise<EnsureResult> {
  if (skipBuilds()) return { built: false };
  const state = buildFreshness(paths.electronMain, electronInputs(paths));
  if (state === 'fresh') return { built: false };
  say(
    `baton: building the Electron shell (dist/electron is ${state === 'missing' ? 'missing' : 'older than its sources'})…`,
  );
  await runNodeScript(paths.root, [path.join(paths.root, 'scripts/build-electron.mjs'), '--quiet']);
  return { built: true, because: state };
}

/** Run a build script with this Node; its output is shown only when it fails. */
function runNodeScript(cwd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else {
        const what = path.basename(args[0] ?? 'build');
        reject(new Error(`${what} failed (${signal ?? `exit ${code}`}):\n${output.trim()}`));
      }
    });
  });
}
