import { BatonError } from '../errors.ts';

/**
 * Parse `--port`: 0 (any free port) to 65535.
 *
 * @example
 * parsePort('4100'); // 4100
 */
export function parsePort(value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new BatonError(
      'invalid_argument',
      `--port must be 0 to 65535 (got ${JSON.stringify(value)})`,
    );
  }
  return port;
}

/**
 * The engine's survivable problems as stderr lines, each distinct one once (a directory that
 * stays unreadable must not print a line every poll).
 *
 * @example
 * createMonitor({ dir, dataDir, onError: engineWarnings() });
 */
export function engineWarnings(
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): (error: Error, context: string) => void {
  const seen = new Set<string>();
  return (error, context) => {
    const line = `baton: warning: ${context}: ${error.message}`;
    if (seen.has(line)) return;
    seen.add(line);
    write(line);
  };
}

/**
 * A friendlier error for a port that is taken (what `listen` throws is cryptic).
 *
 * @example
 * throw explainListenError(error, 4100);
 */
export function explainListenError(error: unknown, port: number | undefined): unknown {
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
    return new BatonError(
      'invalid_argument',
      `port ${port ?? '?'} is already in use on 127.0.0.1: choose another with --port (0 picks a free one)`,
    );
  }
  return error;
}
