import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds the UI to renderer/dist: served by `baton monitor` (web mode) and loaded by Electron
 * from disk. `base: './'` makes every asset URL relative, which both need (file:// has no root).
 */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // One chunk is fine for a local app; silence the size hint rather than split needlessly.
    chunkSizeWarningLimit: 1500,
    // No inline assets: CSP allows images from 'self' and data:, but fonts/scripts must be files.
    assetsInlineLimit: 0,
  },
  server: { port: 5173, strictPort: false },
});
