const cell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Block the calling thread for `ms` milliseconds without spinning the CPU. The file protocols are
 * synchronous (post, ack, guards, claims), so their short back-offs while another process
 * finishes a step cannot await; async code must never call this.
 *
 * @example
 * sleepSync(2); // let the process that holds the guard finish its write
 */
export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(cell, 0, 0, ms);
}
