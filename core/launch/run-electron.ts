import { spawn } from 'node:child_process';

export interface RunElectronOptions {
  /** The Electron executable (core/launch/electron-binary.ts). */
  binary: string;
  /** The bundled main process (dist/electron/main.cjs). */
  main: string;
  cwd: string;
  /** Added to this process's environment (BATON_DIR and friends, electron/launch-env.ts). */
  env: Record<string, string>;
  /** Resolves when the launcher is asked to stop (SIGINT/SIGTERM): Electron is told to quit. */
  stop: Promise<unknown>;
  /** How long Electron gets to close its engine before it is killed (default 10 s). */
  graceMs?: number;
}

/**
 * Run the Electron shell and wait until it exits: the operator closed the window, or `stop`
 * resolved and Electron was sent SIGTERM (its main quits cleanly on it), or killed after the
 * grace period. Resolves with Electron's exit code; rejects when it cannot be started.
 *
 * @example
 * const code = await runElectron({ binary, main: 'dist/electron/main.cjs', cwd, env: { BATON_DIR: dir }, stop });
 */
export function runElectron(options: RunElectronOptions): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // Inherited from an editor's terminal, this would make Electron run main.cjs as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  // Chromium refuses to start as root unless its OS sandbox is off (containers, CI). The
  // renderer stays sandboxed by Electron's own `sandbox: true`; the OS layer is what is lost.
  const args = process.getuid?.() === 0 ? [options.main, '--no-sandbox'] : [options.main];
  return new Promise((resolve, reject) => {
    const child = spawn(options.binary, args, {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    let killTimer: NodeJS.Timeout | undefined;
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (killTimer) clearTimeout(killTimer);
      resolve(code ?? (signal === 'SIGTERM' ? 0 : 1));
    });
    void options.stop.then(() => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), options.graceMs ?? 10_000);
    });
  });
}
