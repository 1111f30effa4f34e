import fs from 'node:fs';
import path from 'node:path';
import { BatonError, hasErrnoCode } from '../errors.ts';
import { isAtomicTemp } from '../files/atomic-write.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { isValidName } from '../files/names.ts';
import { layout } from '../layout.ts';
import { GUARD_SUFFIX, LOCK_SUFFIX, RECORD_FILE } from './lease-paths.ts';
import { LeaseStateSchema, type LeaseState } from './lease-schema.ts';
import type { ClassifyOptions, LeaseView } from './lease-types.ts';
import { inspectGuard, inspectLock } from './read-lease.ts';

/** One lock path seen on disk (keyed by it): its resource, and whether the lock and the guard exist. */
interface Found {
  resource: string;
  lock?: boolean;
  guard?: boolean;
}

/**
 * Every lease in the coordination directory: each lock directory under `locks/` (walked
 * recursively, since resources contain `/`) and each durable run's `runs/<id>/lease.lock.d`,
 * classified like {@link readLease}, with its `.reap.d` guard when one exists. Tombstones and
 * temporaries are skipped; bad records come back as `malformed` views and in `diagnostics`.
 *
 * @example
 * const { leases } = listLeases('/coord', { state: 'stale' });
 * for (const l of leases) console.log(l.resource_path, l.record?.owner.id);
 */
export function listLeases(
  dir: string,
  options: ClassifyOptions & { now?: number; state?: LeaseState } = {},
): { leases: LeaseView[]; diagnostics: Diagnostic[] } {
  if (options.state !== undefined && !LeaseStateSchema.safeParse(options.state).success) {
    throw new BatonError(
      'invalid_argument',
      `state ${JSON.stringify(options.state)} must be one of ${LeaseStateSchema.options.join(', ')}`,
    );
  }
  const at = layout(dir);
  const now = options.now ?? Date.now();
  const diagnostics: Diagnostic[] = [];
  const found = new Map<string, Found>();
  walkLocks(at.locksDir, '', found, diagnostics);
  findRunLeases(at.runsDir, found, diagnostics);

  const leases: LeaseView[] = [];
  const sorted = [...found].sort(([, a], [, b]) => a.resource.localeCompare(b.resource));
  for (const [lockPath, where] of sorted) {
    const resource = where.resource;
    const view: LeaseView = where.lock
      ? inspectLock(resource, lockPath, now, options)
      : {
          resource_path: resource,
          lock_path: lockPath,
          record_path: path.join(lockPath, RECORD_FILE),
          state: 'absent',
        };
    if (where.guard) {
      const guard = inspectGuard(resource, lockPath + GUARD_SUFFIX, now, options);
      if (guard) {
        view.guard = guard;
        if (guard.diagnostic) diagnostics.push(guard.diagnostic);
      }
    }
    if (view.diagnostic) diagnostics.push(view.diagnostic);
    if (options.state === undefined || view.state === options.state) leases.push(view);
  }
  return { leases, diagnostics };
}

function walkLocks(
  folder: string,
  prefix: string,
  found: Map<string, Found>,
  diagnostics: Diagnostic[],
): void {
  const entries = readDir(folder, diagnostics);
  for (const entry of entries) {
    const name = entry.name;
    const full = path.join(folder, name);
    if (name.endsWith(LOCK_SUFFIX + GUARD_SUFFIX)) {
      const lock = full.slice(0, -GUARD_SUFFIX.length);
      const resource = prefix + name.slice(0, -(LOCK_SUFFIX + GUARD_SUFFIX).length);
      found.set(lock, { ...found.get(lock), resource, guard: true });
    } else if (name.endsWith(LOCK_SUFFIX)) {
      const resource = prefix + name.slice(0, -LOCK_SUFFIX.length);
      found.set(full, { ...found.get(full), resource, lock: true });
    } else if (name.includes(LOCK_SUFFIX) || isAtomicTemp(name)) {
      continue; // tombstones of locks and guards, temporaries
    } else if (entry.isDirectory() && isValidName(name)) {
      // Symlinked directories are not followed: they could lead outside the root.
      walkLocks(full, `${prefix}${name}/`, found, diagnostics);
    }
  }
}

function findRunLeases(
  runsDir: string,
  found: Map<string, Found>,
  diagnostics: Diagnostic[],
): void {
  for (const entry of readDir(runsDir, diagnostics)) {
    if (!entry.isDirectory() || !isValidName(entry.name)) continue;
    const lock = path.join(runsDir, entry.name, `lease${LOCK_SUFFIX}`);
    const guard = lock + GUARD_SUFFIX;
    const where: Found = {
      resource: `runs/${entry.name}`,
      lock: fs.existsSync(lock),
      guard: fs.existsSync(guard),
    };
    if (where.lock || where.guard) found.set(lock, where);
  }
}

function readDir(folder: string, diagnostics: Diagnostic[]): fs.Dirent[] {
  try {
    return fs.readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    if (!hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) {
      diagnostics.push({
        path: folder,
        reason: 'unreadable',
        message: `${folder}: ${(error as Error).message}`,
      });
    }
    return [];
  }
}
