/**
 * Typed errors of the coordination core. Every error names the file or argument at fault and
 * the reason, so a CLI user or an operator can act on the message alone.
 */
export type BatonErrorCode =
  | 'invalid_argument' // a name, path or option that fails validation (nothing was written)
  | 'record_too_large' // a JSONL record over the 1 MiB limit
  | 'not_found' // a record that should exist does not
  | 'conflict' // the world changed under us (lease held, handoff decided, CAS failed)
  | 'not_holder' // an operation that needs the lease token is refused
  | 'checkpoint_conflict' // a step committed again with a different output
  | 'terminal_run' // a succeeded or cancelled run cannot restart
  | 'unreadable' // a file exists but cannot be read or parsed
  | 'timeout';

export class BatonError extends Error {
  readonly code: BatonErrorCode;
  /** Structured detail for --json output and API responses. */
  readonly detail: Record<string, unknown> | undefined;

  constructor(code: BatonErrorCode, message: string, detail?: Record<string, unknown>) {
    super(message);
    this.name = 'BatonError';
    this.code = code;
    this.detail = detail;
  }
}

/** Narrow an unknown thrown value to a Node system error with a `code` (ENOENT, EEXIST…). */
export function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

/** True when `error` is a Node system error with one of the given codes. */
export function hasErrnoCode(error: unknown, ...codes: string[]): boolean {
  return isErrnoException(error) && codes.includes(error.code ?? '');
}
