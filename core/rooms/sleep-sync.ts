const cell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Block the calling thread for `ms` milliseconds without spinning. Synchronous operations (post,
 * ack) use it for the short waits of their file guards; async code must never call it.
 *
 * @example
 * sleepSync(2);
 */
export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(cell, 0, 0, ms);
}
