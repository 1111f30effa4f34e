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
  // pid 0 and negative pids address process groups in kill(2): never a single agent.
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !hasErrnoCode(error, 'ESRCH');
  }
}
