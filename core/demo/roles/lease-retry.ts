import type { AgentRuntime } from '../agent-runtime.ts';
import { ROOMS } from '../demo-rooms.ts';
import { phrase } from '../phrases.ts';

/**
 * Acquire `resource`, waiting for a busy holder a few times (like an agent that backs off and
 * retries). The first refusal may be announced as a `blocker` in the planning room. A stale
 * lease (its holder crashed) is simply taken over by acquire itself.
 *
 * @example
 * if (await acquireWithRetry(rt, 'dist/app.js', 'compile')) { … rt.release('dist/app.js'); }
 */
export async function acquireWithRetry(
  rt: AgentRuntime,
  resource: string,
  reason: string,
  tries = 3,
): Promise<boolean> {
  for (let attempt = 0; attempt < tries && !rt.stopping; attempt++) {
    const result = rt.safely('acquire', () => rt.acquire(resource, reason));
    if (!result) return false;
    if (result.acquired) return true;
    const expires = result.holder?.expires_at_ms;
    const seconds =
      expires === undefined ? undefined : Math.max(0, Math.ceil((expires - Date.now()) / 1000));
    if (attempt === 0 && rt.rng.chance(0.5)) {
      rt.post(ROOMS.planning, {
        kind: 'blocker',
        body: phrase(rt.rng, 'blocker', {
          resource,
          holder: result.holder?.owner.id ?? 'an unreadable lock',
          ...(seconds === undefined ? {} : { seconds }),
        }),
      });
    }
    const wait = expires === undefined ? rt.timing.lease_ttl / 2 : expires - Date.now() + 50;
    await rt.sleep(Math.min(Math.max(wait, 50), rt.timing.lease_ttl / 2));
  }
  return false;
}
