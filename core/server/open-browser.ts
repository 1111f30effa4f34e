import { spawn } from 'node:child_process';

/**
 * Open `url` in the default browser without waiting for it. Returns false (and never throws) when
 * no opener is available, e.g. on a headless box: the caller has printed the URL anyway.
 *
 * @example
 * openBrowser('http://127.0.0.1:4100/?token=…');
 */
export function openBrowser(url: string, platform = process.platform): Promise<boolean> {
  const [command, args] =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, { stdio: 'ignore', detached: true });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
