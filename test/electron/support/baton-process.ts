import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { BATON_BIN, REPO_ROOT } from '../../support/processes.ts';

/** A long-running `baton` command (monitor, start) with its output as it arrives. */
export interface RunningBaton {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Wait until stdout has a line matching `pattern`; returns the match. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Send `signal` and wait for the exit (fails after `ms`). */
  stop(
    signal?: NodeJS.Signals,
    ms?: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Start `baton ARGS` as a real child process. Builds are skipped (BATON_SKIP_BUILD=1): a test
 * must not rebuild renderer/dist under other tests serving it.
 */
export function startBaton(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningBaton {
  const child = spawn(process.execPath, [BATON_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, BATON_SKIP_BUILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    async waitFor(pattern, ms = 60_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const match = pattern.exec(out);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(
            `no ${pattern} in stdout (exit ${child.exitCode})\nstdout: ${out}\nstderr: ${err}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop(signal = 'SIGTERM', ms = 30_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`baton did not exit within ${ms} ms of ${signal}\nstderr: ${err}`));
        }, ms);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Processes whose command line mentions `text` (e.g. a demo fleet's directory). */
export function processesMentioning(text: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.split('\n').filter((line) => line.includes(text) && !line.includes('ps -eo'));
}

/** GET `path` on the server behind `url` with its token as Bearer (or none). */
export async function getJson(
  url: string,
  route: string,
  token?: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(
    new URL(route, url),
    token ? { headers: { Authorization: `Bearer ${token}` } } : {},
  );
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}
