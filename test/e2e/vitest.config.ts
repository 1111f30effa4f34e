import { defineConfig } from 'vitest/config';

// End-to-end: the real monitor engine and server, the built renderer, Debian's Chromium (or the
// Electron shell under BATON_E2E_SHELL=electron: see support/app-shell.ts).
// One file at a time: each drives a browser, and the machine has two cores shared by many.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/support/check-shell.ts', 'test/e2e/support/build-renderer.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
