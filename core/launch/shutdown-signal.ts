/**
 * Resolve on the first SIGINT or SIGTERM (Ctrl+C, or a supervisor stopping us), so a long-running
 * command can close its server, engine and child processes before the process exits. A second
 * signal while that cleanup runs exits at once (130 for SIGINT, 143 for SIGTERM): an operator
 * pressing Ctrl+C twice means it.
 *
 * @example
 * const signal = await shutdownSignal();
 * await server.close();
 */
export function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
    let received: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (received) {
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      received = signal;
      resolve(signal);
    };
    for (const signal of signals) process.on(signal, onSignal);
  });
}

/**
 * Run a shutdown step and keep the process alive until it settles, at most `ms`. Closing may
 * wait on things that do not hold the event loop (an unref'd worker thread finishing, a child's
 * exit): without a live handle Node would exit mid-close (code 13, "unsettled top-level
 * await"). After `ms` the step is abandoned with one warning and false is returned: the caller
 * finishes its other steps, then exits the process (`exitAfterUnclean`), because whatever hung
 * may also hold the event loop open forever.
 *
 * @example
 * const clean = await closeWithin(10_000, 'closing the monitor', () => web.close());
 */
export async function closeWithin(
  ms: number,
  what: string,
  step: () => Promise<unknown>,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    const outcome = await Promise.race([step().then(() => 'done' as const), timedOut]);
    if (outcome === 'done') return true;
    process.stderr.write(`baton: warning: ${what} took over ${ms} ms; exiting anyway\n`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * End the process when a shutdown step was abandoned (exit 1: the close was not clean);
 * otherwise return and let it end by itself.
 *
 * @example
 * exitAfterUnclean(await closeWithin(10_000, 'closing the monitor', () => web.close()));
 */
export function exitAfterUnclean(clean: boolean): void {
  if (!clean) process.exit(1);
}
