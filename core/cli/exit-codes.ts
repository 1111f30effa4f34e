/** Exit codes of the `baton` command (docs/cli.md). Scripts rely on them: keep them stable. */
export const EXIT = {
  ok: 0,
  /** Something failed: I/O, a bad record, a refused operation. */
  error: 1,
  /** Bad usage or an invalid argument; nothing was written. */
  usage: 2,
  /** The named record does not exist. */
  notFound: 3,
  /** Contended: the lease is held by someone else, the handoff was already decided (EX_TEMPFAIL). */
  contended: 75,
  /** A bounded wait ran out (wait-reply, barrier wait), like timeout(1). */
  timeout: 124,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
