import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatonError } from '../errors.ts';
import { withLease } from '../leases/index.ts';

/**
 * The lease that serializes path-lock arbitration across processes. Each agent's locks live
 * in its own record, so "nobody else holds it, now I do" spans several files: only one
 * process at a time may run that check-and-set.
 */
export const PATH_LOCK_GUARD_RESOURCE = '.baton/agent-path-locks';

/** The guard's TTL: the body is a few ms of sync file work; a crashed holder frees it after this. */
export const PATH_LOCK_GUARD_TTL_MS = 10_000;

/** Default bound on waiting for the guard: longer than its TTL, so a crashed holder's
 *  guard is taken over as stale rather than reported as a timeout. */
export const PATH_LOCK_GUARD_WAIT_MS = 15_000;

/**
 * Run `body` while holding the path-lock guard lease, retrying with a short jittered backoff
 * while another process holds it, for at most `wait_ms`. Throws `timeout` when the guard could
 * not be had in time. `body` must be synchronous file work (short protocol steps).
 *
 * @example
 * await withPathLockGuard('/coord', 'builder-1', () => readAndWriteRecords());
 */
export async function withPathLockGuard<T>(
  dir: string,
  agentId: string,
  body: () => T,
  options: { wait_ms?: number } = {},
): Promise<T> {
  const waitMs = options.wait_ms ?? PATH_LOCK_GUARD_WAIT_MS;
  const deadline = Date.now() + waitMs;
  let backoff = 2;
  for (;;) {
    let entered = false;
    try {
      return await withLease(
        dir,
        PATH_LOCK_GUARD_RESOURCE,
        () => {
          entered = true;
          return body();
        },
        {
          ttl_ms: PATH_LOCK_GUARD_TTL_MS,
          owner: {
            id: `agent-path-locks:${agentId}`,
            agent: agentId,
            pid: process.pid,
            host: os.hostname(),
          },
          reason: `path-lock arbitration for agent ${agentId}`,
          take_stale: true,
        },
      );
    } catch (error) {
      const contended = !entered && error instanceof BatonError && error.code === 'conflict';
      if (!contended) throw error;
      if (Date.now() >= deadline) {
        throw new BatonError(
          'timeout',
          `the path-lock guard (lease ${PATH_LOCK_GUARD_RESOURCE}) stayed held for ${waitMs} ms; try again`,
          { resource: PATH_LOCK_GUARD_RESOURCE, wait_ms: waitMs },
        );
      }
      await sleep(backoff + Math.random() * backoff);
      backoff = Math.min(backoff * 2, 40);
    }
  }
}
