import { shellProblem } from './app-shell.ts';

/**
 * Global setup, before anything is built or launched: a shell that cannot run here (e.g.
 * BATON_E2E_SHELL=electron without an Electron binary) fails the whole run with one line.
 * It exits rather than throws: a throwing global setup buries that line under a stack trace
 * and Vitest's misleading "No test files found".
 */
export default function setup(): void {
  const problem = shellProblem();
  if (problem === undefined) return;
  console.error(`test:e2e: ${problem}`);
  process.exit(1);
}
