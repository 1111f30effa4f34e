#!/usr/bin/env node
// Build the Electron shell with esbuild into dist/electron/ (or --outdir DIR):
//   main.cjs     the main process: electron/main.ts with core/ bundled in (CommonJS)
//   preload.cjs  the preload: ONE CommonJS file whose only require is `electron`, because a
//                sandboxed preload's require knows almost nothing else
//   <worker>.cjs each worker thread core/ starts with `new Worker(new URL('./x.ts', import.meta.url))`
// Native and Electron modules stay external (better-sqlite3 is loaded from node_modules,
// unpacked from the asar by electron-builder.yml).
//
// Usage: node scripts/build-electron.mjs [--outdir DIR] [--quiet]
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outdirArg = args.indexOf('--outdir');
const outdir = path.resolve(
  outdirArg >= 0 ? args[outdirArg + 1] : path.join(root, 'dist/electron'),
);
const quiet = args.includes('--quiet');

// CommonJS has no import.meta: give core's `new URL(…, import.meta.url)` the bundle's own URL.
// From dist/electron/main.cjs, core's '../../package.json' still names the app's package.json.
const IMPORT_META_URL = '__baton_import_meta_url';
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
  external: ['electron', 'better-sqlite3'],
  // `await import('electron')` (electron/ipc-transport.ts) becomes a plain require: CommonJS
  // main processes load electron by require, not through the ESM loader.
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': IMPORT_META_URL },
  banner: { js: `var ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;` },
};

/** Worker scripts found in the sources: absolute .ts path -> output base name. */
const workers = new Map();
const WORKER_URL = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+)\.ts\1\s*,\s*import\.meta\.url\s*\)/g;

/** Rewrites `new URL('./x.ts', import.meta.url)` to the bundled `./x.cjs` next to main.cjs. */
const workerUrls = {
  name: 'worker-urls',
  setup(b) {
    b.onLoad({ filter: /[\\/]core[\\/].*\.ts$/ }, async (loaded) => {
      const text = await fs.readFile(loaded.path, 'utf8');
      if (!WORKER_URL.test(text)) return undefined;
      WORKER_URL.lastIndex = 0;
      const contents = text.replace(WORKER_URL, (_match, quote, rel) => {
        const source = path.resolve(path.dirname(loaded.path), `${rel}.ts`);
        const name = path.basename(rel);
        workers.set(source, name);
        return `new URL(${quote}./${name}.cjs${quote}, import.meta.url)`;
      });
      return { contents, loader: 'ts' };
    });
  },
};

const started = Date.now();
await fs.mkdir(outdir, { recursive: true });
await build({
  ...common,
  entryPoints: [path.join(root, 'electron/main.ts')],
  outfile: path.join(outdir, 'main.cjs'),
  plugins: [workerUrls],
});
await build({
  ...common,
  // Nothing of core/ belongs in the preload; no import.meta either.
  define: {},
  banner: {},
  entryPoints: [path.join(root, 'electron/preload.ts')],
  outfile: path.join(outdir, 'preload.cjs'),
});
for (const [source, name] of workers) {
  await build({
    ...common,
    entryPoints: [source],
    outfile: path.join(outdir, `${name}.cjs`),
    plugins: [workerUrls],
  });
}
if (!quiet) {
  const names = ['main.cjs', 'preload.cjs', ...[...workers.values()].map((n) => `${n}.cjs`)];
  console.log(
    `build-electron: ${names.join(', ')} -> ${path.relative(root, outdir) || '.'} in ${Date.now() - started} ms`,
  );
}
