import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BATON_BIN = path.join(REPO_ROOT, 'bin/baton.mjs');

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Run a Node script (TypeScript runs directly on Node 22) as a real child process and collect
 * its output. Rejects only if the process cannot be started or outlives `timeoutMs`.
 *
 * @example
 * const r = await runNode('test/core/leases/fixtures/hammer.ts', [dir, '500']);
 */
export function runNode(
  script: string,
  args: readonly string[] = [],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string; cwd?: string } = {},
): Promise<ProcessResult> {
  return collect(
    spawn(process.execPath, [path.resolve(REPO_ROOT, script), ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
    options.timeoutMs ?? 60_000,
    options.input,
  );
}

/**
 * Run the real `baton` command (bin/baton.mjs) with `args`.
 *
 * @example
 * const r = await runBaton(['--dir', dir, 'lease', 'acquire', 'a', '--json']);
 * JSON.parse(r.stdout).token;
 */
export function runBaton(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string; cwd?: string } = {},
): Promise<ProcessResult> {
  return runNode(BATON_BIN, args, options);
}

function collect(child: ChildProcess, timeoutMs: number, input?: string): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`process ${child.pid} still running after ${timeoutMs} ms\nstderr: ${stderr}`),
      );
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}
