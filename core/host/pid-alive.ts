import os from 'node:os';
import { hasErrnoCode } from '../errors.ts';

/**
 * Whether the process `pid` recorded for `host` is still running, as far as this machine can
 * tell. Injectable so tests and the monitor can supply their own answer.
 */
export type IsPidAlive = (pid: number, host: string | undefined) => boolean;

/**
 * The real pid check: `process.kill(pid, 0)` on this host. Only a definite "no such process"
 * (ESRCH) counts as dead; EPERM means the process exists under another user. A pid recorded on
 * another host (or with no host) cannot be checked from here and counts as alive, so only the
 * heartbeat timeout can retire it. A recycled pid also reads as alive; the timeout covers that.
 *
 * @example
 * isPidAliveOnThisHost(process.pid, os.hostname()); // true
 * isPidAliveOnThisHost(123456, 'other-box');         // true (cannot tell)
 */
export function isPidAliveOnThisHost(pid: number, host: string | undefined): boolean {
  if (host === undefined || host !== os.hostname()) return true;
  return isLocalPidAlive(pid);
}

/**
 * {@link isPidAliveOnThisHost} for a pid already known to be of this machine (callers that
 * compared the host themselves, like the lease protocol's claim names): true unless
 * `process.kill(pid, 0)` fails with ESRCH.
 *
 * @example
 * isLocalPidAlive(process.pid); // true
 * isLocalPidAlive(0);           // true: not a single process, so never judged dead
 */
export function isLocalPidAlive(pid: number): boolean {
  // pid 0 and negative pids address process groups in kill(2): never a single process.
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !hasErrnoCode(error, 'ESRCH');
  }
}
