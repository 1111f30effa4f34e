import type { AgentRuntime } from '../agent-runtime.ts';
import { ROOMS } from '../demo-rooms.ts';
import { LEGACY_LOCK_RESOURCE, writeTruncatedLockRecord } from './buggy-legacy-writer.ts';

/** How far ahead legacy-bot's clock runs (well past the monitor's 30 s skew margin). */
export const LEGACY_CLOCK_AHEAD_MS = 4 * 60_000;

/** The host legacy-bot reports: another machine, whose clock is off. */
export const LEGACY_HOST = 'legacy-ci-07';

/** The lease legacy-bot takes and never renews. */
export const LEGACY_LEASE = 'vendor/legacy-sdk';

/**
 * legacy-bot, the fleet's deliberately misbehaving member:
 * - its heartbeats come from a host whose clock runs minutes ahead (suspected clock skew),
 *   through the public `heartbeat({ now, host })` (the runtime adds the offset);
 * - it takes `vendor/legacy-sdk` with a short TTL and never renews it, so a live agent holds
 *   a stale lease;
 * - it leaves a truncated lock record behind (see buggy-legacy-writer.ts, the one raw write).
 * Lease records themselves cannot be dated in the future through the public API (acquire and
 * renew stamp the writer's own clock), so the skew shows on its agent record.
 *
 * @example
 * await runLegacyBot(createAgentRuntime(config, { clock_offset_ms: LEGACY_CLOCK_AHEAD_MS, host: LEGACY_HOST }));
 */
export async function runLegacyBot(rt: AgentRuntime): Promise<void> {
  rt.post(ROOMS.planning, {
    kind: 'status',
    body: 'legacy-bot v0.9: starting the nightly vendor sync',
  });
  rt.safely('legacy lease', () =>
    rt.acquire(
      LEGACY_LEASE,
      'nightly vendor sync (legacy-bot never renews nor releases it)',
      rt.timing.legacy_lease_ttl,
      false,
    ),
  );
  await rt.sleep(rt.timing.legacy_corrupt_after);
  if (rt.stopping) return;
  const file = rt.safely('legacy write', () => writeTruncatedLockRecord(rt.dir));
  if (file) {
    rt.report(
      'legacy_misbehaved',
      `left a truncated lock record for ${LEGACY_LOCK_RESOURCE} (a buggy hand-written lock)`,
      {
        file,
      },
    );
  }
  let percent = 0;
  rt.every(
    () => rt.rng.between(3 * rt.timing.chatter_min, 3 * rt.timing.chatter_max),
    () => {
      percent = Math.min(99, percent + rt.rng.int(7, 19));
      rt.post(ROOMS.planning, {
        kind: 'status',
        body: `vendor sync ${percent}% (${rt.rng.int(1, 5)} of 5 mirrors), ETA unknown`,
      });
    },
    'legacy status',
  );
}
