const cell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Block this thread for `ms` milliseconds without spinning the CPU. The protocol steps are
 * synchronous; this is their short back-off while another process finishes a step.
 *
 * @example
 * sleepSync(2); // let the process that holds a claim finish its rename
 */
export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(cell, 0, 0, ms);
}
