import type { Command } from 'commander';
import { BatonError, type BatonErrorCode } from '../errors.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';

export interface CliContext {
  /** The coordination directory (absolute). */
  dir: string;
  /** Print one JSON document on stdout instead of text. */
  json: boolean;
}

/**
 * The global options of the command a handler runs under: `--dir` (or BATON_DIR) and `--json`.
 * Throws a usage error when no directory is given and `requireDir` is set.
 */
export function cliContext(command: Command, requireDir = true): CliContext {
  const opts = command.optsWithGlobals<{ dir?: string; json?: boolean }>();
  const dir = opts.dir ?? process.env.BATON_DIR;
  if (!dir && requireDir) {
    throw new BatonError(
      'invalid_argument',
      'no coordination directory: pass --dir DIR or set BATON_DIR',
    );
  }
  return { dir: dir ?? '', json: Boolean(opts.json) };
}

/**
 * Print a command's result: the JSON document with --json, else the human text.
 * `exitCode` lets a non-error outcome (a contended lease, a timeout) still exit non-zero.
 */
export function emit(
  ctx: CliContext,
  value: unknown,
  human: () => string,
  exitCode: ExitCode = EXIT.ok,
): void {
  if (ctx.json) process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  else {
    const text = human();
    if (text) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
  if (exitCode !== EXIT.ok) process.exitCode = exitCode;
}

const EXIT_BY_CODE: Record<BatonErrorCode, ExitCode> = {
  invalid_argument: EXIT.usage,
  record_too_large: EXIT.usage,
  not_found: EXIT.notFound,
  conflict: EXIT.contended,
  not_holder: EXIT.error,
  checkpoint_conflict: EXIT.error,
  terminal_run: EXIT.error,
  unreadable: EXIT.error,
  timeout: EXIT.timeout,
};

/** Report an error on stderr (and as JSON on stdout with --json); return the exit code. */
export function reportError(error: unknown, json: boolean): ExitCode {
  const baton = error instanceof BatonError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const code = baton?.code ?? 'error';
  if (json) {
    process.stdout.write(
      JSON.stringify(
        { error: { code, message, ...(baton?.detail ? { detail: baton.detail } : {}) } },
        null,
        2,
      ) + '\n',
    );
  }
  process.stderr.write(`baton: ${message}\n`);
  return baton ? EXIT_BY_CODE[baton.code] : EXIT.error;
}

/** Parse a non-negative integer option ("--ttl 5000"), naming the option when it is not one. */
export function parseIntOption(name: string): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value)) {
      throw new BatonError(
        'invalid_argument',
        `${name} must be a non-negative integer (got ${JSON.stringify(value)})`,
      );
    }
    return Number(value);
  };
}

/** Parse a JSON option ("--output '{\"a\":1}'"), naming the option when it does not parse. */
export function parseJsonOption(name: string): (value: string) => unknown {
  return (value: string) => {
    try {
      return JSON.parse(value) as unknown;
    } catch (error) {
      throw new BatonError(
        'invalid_argument',
        `${name} is not valid JSON: ${(error as Error).message}`,
      );
    }
  };
}
