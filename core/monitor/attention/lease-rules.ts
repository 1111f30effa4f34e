import type { AttentionItem, LeaseView } from '../../api/views.ts';
import {
  attentionKey,
  formatDuration,
  formatTime,
  type AttentionContext,
  type RuleResult,
} from './attention-context.ts';
import { resumableRunOf } from './resumable-run-lease.ts';

/**
 * Attention raised by one lease: `stale_lease` (expired, still on disk, blocking others),
 * `unrecorded_lease` (a lock directory without a usable owner record past the grace period, or
 * a malformed one) and `clock_skew` (a record updated in the future). The stale lease of an
 * orphaned, resumable run raises nothing here: its `orphaned_run` item covers it (nothing to
 * release by hand, the next worker takes the lease over). Recommended actions name
 * the lease by its key, which `releaseLease` accepts as `resource_path` without ambiguity.
 *
 * @example
 * leaseAttention(view, ctx).items[0]?.kind; // 'stale_lease'
 */
export function leaseAttention(lease: LeaseView, ctx: AttentionContext): RuleResult {
  const items: AttentionItem[] = [];
  const record = lease.record;
  const subject = { entity: 'lease' as const, key: lease.key };
  const holder = lease.holder ?? record?.owner.id;
  // A resumable run's own stale lease is the orphaned_run item's story (the next worker takes
  // it over); a second item recommending a release by hand would contradict it.
  if (lease.state === 'stale' && record && !resumableRunOf(lease, ctx)) {
    const run = lease.run_id ? ctx.run(lease.run_id) : undefined;
    const holderGone = lease.holder_liveness === 'crashed' || lease.holder_liveness === 'gone';
    const evidence = [
      { label: 'resource', value: lease.resource_path },
      { label: 'holder', value: holder ?? 'unknown' },
      { label: 'holder liveness', value: lease.holder_liveness ?? 'unknown to this directory' },
      { label: 'expired at', value: formatTime(record.expires_at_ms) },
      { label: 'ttl', value: formatDuration(record.ttl_ms) },
      { label: 'token', value: record.token },
    ];
    if (lease.run_id) {
      evidence.push({
        label: 'run',
        value: `${lease.run_id} (${run?.status ?? 'no run record'})`,
      });
    }
    items.push({
      key: attentionKey('stale_lease', 'lease', lease.key),
      kind: 'stale_lease',
      severity: holderGone ? 'critical' : 'warning',
      title: `Stale lease on ${lease.resource_path}${holder ? ` held by ${holder}` : ''}`,
      since_ms: record.expires_at_ms,
      subject,
      evidence,
      action: {
        request: 'releaseLease',
        label: `Release ${lease.resource_path}`,
        input: { resource_path: lease.key, expected_token: record.token, force: false },
        needs_reason: false,
      },
      advice: holderGone
        ? `The holder is ${lease.holder_liveness}: nobody will renew this lease. Releasing it lets another agent take ${lease.resource_path}.`
        : `The holder may still be working but has not renewed in time. Releasing lets another agent take ${lease.resource_path}; the holder will learn it lost the lease on its next renewal.`,
    });
  }
  if (lease.state === 'unrecorded' || lease.state === 'malformed') {
    const since = lease.dir_mtime_ms ?? ctx.now;
    items.push({
      key: attentionKey('unrecorded_lease', 'lease', lease.key),
      kind: 'unrecorded_lease',
      severity: 'warning',
      title:
        lease.state === 'unrecorded'
          ? `Lock directory without an owner record: ${lease.resource_path}`
          : `Lease with an unreadable owner record: ${lease.resource_path}`,
      since_ms: since,
      subject,
      evidence: [
        { label: 'lock directory', value: lease.lock_path },
        { label: 'state', value: lease.state },
        ...(lease.dir_mtime_ms !== undefined
          ? [{ label: 'created at', value: formatTime(lease.dir_mtime_ms) }]
          : []),
        ...(lease.problem ? [{ label: 'problem', value: lease.problem }] : []),
      ],
      action: {
        request: 'releaseLease',
        label: `Force-release ${lease.resource_path}`,
        input: { resource_path: lease.key, force: true },
        needs_reason: true,
      },
      advice:
        'An acquirer probably died between creating the directory and writing owner.json. Nobody can take the resource until the directory is removed.',
    });
  }
  const skewKey = attentionKey('clock_skew', 'lease', lease.key);
  if (lease.state !== 'suspect-skew' || !record) ctx.observed.forget(skewKey);
  if (lease.state === 'suspect-skew' && record) {
    items.push({
      key: skewKey,
      kind: 'clock_skew',
      severity: 'warning',
      title: `Lease on ${lease.resource_path} was updated in the future`,
      // Every renewal rewrites updated_at_ms (still in the future), so no record time says
      // since when: count from when this engine first saw the lease ahead of its clock.
      since_ms: ctx.observed.since(skewKey, ctx.now),
      subject,
      evidence: [
        { label: 'updated at', value: formatTime(record.updated_at_ms) },
        { label: 'host', value: record.owner.host ?? 'unknown' },
        { label: 'holder', value: holder ?? 'unknown' },
      ],
      advice: `The clock of ${record.owner.host ?? 'the holder\u2019s host'} is ahead of this machine's: expiry times from it cannot be trusted. Check NTP on both hosts.`,
    });
  }
  return { items };
}
