import { defineConfig } from 'vitest/config';

// Unit and integration tests. End-to-end browser tests have their own config (test/e2e).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Process-heavy tests spawn real child processes; two cores, so keep workers few.
    maxWorkers: 2,
  },
});
