import { BatonError } from '../errors.ts';
import { writeJsonAtomic } from '../files/atomic-write.ts';
import { readRecord } from '../files/read-record.ts';
import { resolveLeasePaths } from './lease-paths.ts';
import { busy, checkToken, notHolder } from './lease-errors.ts';
import { checkInt, DEFAULT_REAPER_TTL_MS } from './lease-record.ts';
import { LEASE_SCHEMA, LeaseRecordSchema, type LeaseRecord } from './lease-schema.ts';
import { ACCESS_WAIT_MS, accessInstance, endAccess } from './instance-access.ts';

/**
 * Extend the lease held under `token`: rewrite owner.json (tmp+rename) with a new
 * `updated_at_ms`/`expires_at_ms` (the same TTL, or `ttl_ms`) and one more `renewals`. Refused
 * with `not_holder` when the lease is absent or held under another token; an expired lease
 * nobody has taken over yet may still be renewed by its holder. The rewrite happens while the
 * instance is claimed, so it can never land in a lock directory that changed hands.
 *
 * @example
 * const record = renewLease('/coord', 'src/main.ts', lease.token, { ttl_ms: 120_000 });
 * record.expires_at_ms; // now + 120 s
 */
export function renewLease(
  dir: string,
  resource: string,
  token: string,
  options: { ttl_ms?: number; lock_path?: string } = {},
): LeaseRecord {
  const paths = resolveLeasePaths(dir, resource, options.lock_path);
  checkToken(token);
  const ttl = options.ttl_ms === undefined ? undefined : checkInt('ttl_ms', options.ttl_ms, 0, 0);
  const access = accessInstance(paths, token, {
    wait_ms: ACCESS_WAIT_MS,
    reaper_ttl_ms: DEFAULT_REAPER_TTL_MS,
    reason: `renew ${paths.resource_path}`,
  });
  if (access.kind === 'absent' || access.kind === 'other') throw notHolder(paths, token, 'renew');
  if (access.kind === 'busy') throw busy(paths, 'renew');
  try {
    const read = readRecord(paths.record_path, LeaseRecordSchema, LEASE_SCHEMA, {
      mtime: false,
    });
    if (!read.ok) {
      throw new BatonError(
        'unreadable',
        `${paths.record_path}: cannot renew, the record is unreadable`,
      );
    }
    if (read.value.token !== token) throw notHolder(paths, token, 'renew');
    const now = Date.now();
    const ttlMs = ttl ?? read.value.ttl_ms;
    const next: LeaseRecord = {
      ...read.value,
      updated_at_ms: now,
      ttl_ms: ttlMs,
      expires_at_ms: now + ttlMs,
      renewals: (read.value.renewals ?? 0) + 1,
    };
    writeJsonAtomic(paths.record_path, next);
    return next;
  } finally {
    endAccess(access);
  }
}
