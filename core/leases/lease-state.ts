import type { LeaseRecord, LeaseState } from './lease-schema.ts';
import type { ClassifyOptions } from './lease-types.ts';

/** A lock dir without owner.json is `acquiring` for this long (by its mtime), then `unrecorded`. */
export const DEFAULT_GRACE_MS = 5_000;

/** An `updated_at_ms` more than this far in the future is `suspect-skew` (a writer's clock is off). */
export const DEFAULT_SKEW_MARGIN_MS = 30_000;

/**
 * Classify a lock directory at time `now` (pure: no file access, for readers and the monitor).
 * With a record: `suspect-skew` when it was updated in the future beyond the margin, `stale` when
 * `expires_at_ms <= now`, else `active`. Without one: `absent` when the directory does not exist,
 * else `acquiring` while younger than the grace period and `unrecorded` after.
 *
 * @example
 * leaseState(record, Date.now());                                  // 'active'
 * leaseState(undefined, now, { dir_mtime_ms: now - 60_000 });     // 'unrecorded'
 * leaseState(undefined, now);                                      // 'absent'
 */
export function leaseState(
  record: LeaseRecord | undefined,
  now: number,
  options: ClassifyOptions & { dir_mtime_ms?: number } = {},
): LeaseState {
  if (record) {
    const margin = options.skew_margin_ms ?? DEFAULT_SKEW_MARGIN_MS;
    if (record.updated_at_ms > now + margin) return 'suspect-skew';
    return record.expires_at_ms <= now ? 'stale' : 'active';
  }
  if (options.dir_mtime_ms === undefined) return 'absent';
  const grace = options.grace_ms ?? DEFAULT_GRACE_MS;
  return now - options.dir_mtime_ms < grace ? 'acquiring' : 'unrecorded';
}
