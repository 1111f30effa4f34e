import fs from 'node:fs';
import { hasErrnoCode } from '../errors.ts';
import { resolveLeasePaths, RECORD_FILE } from './lease-paths.ts';
import { readRecord } from '../files/read-record.ts';
import { LEASE_SCHEMA, LeaseRecordSchema } from './lease-schema.ts';
import { leaseState } from './lease-state.ts';
import type { ClassifyOptions, GuardView, LeaseView } from './lease-types.ts';
import path from 'node:path';

/**
 * Read the lease of `resource` and classify it (docs/format.md "Leases": absent, acquiring,
 * unrecorded, malformed, active, stale, suspect-skew). Never throws on file content: a bad
 * owner.json is `malformed` with a diagnostic. Includes the `.reap.d` guard when one exists.
 * Throws `invalid_argument` only for a bad resource or lock_path.
 *
 * @example
 * const view = readLease('/coord', 'src/main.ts');
 * if (view.state === 'active') console.log(view.record?.owner.id, view.record?.expires_at_ms);
 */
export function readLease(
  dir: string,
  resource: string,
  options: ClassifyOptions & { lock_path?: string; now?: number } = {},
): LeaseView {
  const paths = resolveLeasePaths(dir, resource, options.lock_path);
  const now = options.now ?? Date.now();
  const view = inspectLock(paths.resource_path, paths.lock_path, now, options);
  const guard = inspectGuard(paths.resource_path, paths.guard_path, now, options);
  return guard ? { ...view, guard } : view;
}

/** Classify the lock directory at `lockPath` (no validation: callers resolved the path). */
export function inspectLock(
  resourcePath: string,
  lockPath: string,
  now: number,
  options: ClassifyOptions = {},
): LeaseView {
  const recordPath = path.join(lockPath, RECORD_FILE);
  const base = { resource_path: resourcePath, lock_path: lockPath, record_path: recordPath };
  const read = readRecord(recordPath, LeaseRecordSchema, LEASE_SCHEMA, { mtime: false });
  if (read.ok) {
    return { ...base, state: leaseState(read.value, now, options), record: read.value };
  }
  if (!read.absent) return { ...base, state: 'malformed', diagnostic: read.diagnostic };
  // No record: the directory tells absent from acquiring/unrecorded.
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(lockPath);
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) return { ...base, state: 'absent' };
    return {
      ...base,
      state: 'malformed',
      diagnostic: {
        path: lockPath,
        reason: 'unreadable',
        message: `${lockPath}: ${(error as Error).message}`,
      },
    };
  }
  if (!stat.isDirectory()) {
    return {
      ...base,
      state: 'malformed',
      diagnostic: { path: lockPath, reason: 'malformed', message: `${lockPath}: not a directory` },
    };
  }
  const state = leaseState(undefined, now, { ...options, dir_mtime_ms: stat.mtimeMs });
  return { ...base, state, dir_mtime_ms: Math.floor(stat.mtimeMs) };
}

/** The guard `<lock>.reap.d` as a view, or undefined when there is none. */
export function inspectGuard(
  resourcePath: string,
  guardPath: string,
  now: number,
  options: ClassifyOptions = {},
): GuardView | undefined {
  if (!fs.existsSync(guardPath)) return undefined;
  const view = inspectLock(resourcePath, guardPath, now, options);
  if (view.state === 'absent') return undefined;
  return {
    lock_path: view.lock_path,
    state: view.state,
    ...(view.record ? { record: view.record } : {}),
    ...(view.diagnostic ? { diagnostic: view.diagnostic } : {}),
  };
}
