import fs from 'node:fs';
import path from 'node:path';
import { BatonError } from '../errors.ts';
import { validateResourcePath } from '../files/names.ts';
import { layout } from '../layout.ts';

/** Suffix of a lock directory; its guard is `<lock>.reap.d`, its tombstones `<lock>.tomb-…`. */
export const LOCK_SUFFIX = '.lock.d';
export const GUARD_SUFFIX = '.reap.d';
export const RECORD_FILE = 'owner.json';

/** Every path one lease involves, validated. */
export interface LeasePaths {
  /** The coordination directory (absolute). */
  root: string;
  /** The resource, normalised (`src/main.ts`). */
  resource_path: string;
  lock_path: string;
  record_path: string;
  guard_path: string;
}

/** Bound on each per-process cache below (cleared when full). */
const MAX_CACHED = 4096;

/**
 * Validate `resource` (and an optional `lock_path` override) and compute the lease's paths.
 * Throws `invalid_argument` before anything is written: traversal, absolute paths, bad
 * characters, empty names, a symlink leading outside the root, or a component that would
 * collide with lock artifacts (`*.lock.d`, `*.lock.d.reap.d`, tombstones). The lock directory
 * itself is checked by the step that touches it ({@link lockDirStat}).
 *
 * @example
 * resolveLeasePaths('/coord', 'src/main.ts').lock_path; // '/coord/locks/src/main.ts.lock.d'
 * resolveLeasePaths('/coord', '../x');                  // throws invalid_argument
 */
export function resolveLeasePaths(dir: string, resource: unknown, lockPath?: unknown): LeasePaths {
  if (typeof dir !== 'string' || dir === '') {
    throw new BatonError('invalid_argument', 'coordination directory is required');
  }
  const at = rootOf(dir);
  const resourcePath = validResource(at.locksDir, resource);
  const lock =
    lockPath === undefined
      ? path.join(at.locksDir, `${resourcePath}${LOCK_SUFFIX}`)
      : validLockPath(lockPath);
  assertParentInsideRoot(
    at.root,
    path.dirname(lock),
    lockPath === undefined ? `resource ${JSON.stringify(resourcePath)}` : `lock_path ${lock}`,
  );
  return {
    root: at.root,
    resource_path: resourcePath,
    lock_path: lock,
    record_path: path.join(lock, RECORD_FILE),
    guard_path: lock + GUARD_SUFFIX,
  };
}

/**
 * lstat the lock directory (undefined when absent). Throws `invalid_argument` when it is a
 * symlink: renames and deletes through it would land on whatever it points at.
 */
export function lockDirStat(lockPath: string): fs.Stats | undefined {
  const stat = fs.lstatSync(lockPath, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) {
    throw new BatonError(
      'invalid_argument',
      `lock directory ${lockPath} is a symlink; refusing to use it`,
      {
        lock_path: lockPath,
      },
    );
  }
  return stat;
}

function validLockPath(lockPath: unknown): string {
  if (typeof lockPath !== 'string' || !path.isAbsolute(lockPath)) {
    throw new BatonError(
      'invalid_argument',
      `lock_path ${JSON.stringify(lockPath)} must be an absolute path`,
      {
        label: 'lock_path',
      },
    );
  }
  const lock = path.resolve(lockPath);
  const stem = path.basename(lock).slice(0, -LOCK_SUFFIX.length);
  if (!lock.endsWith(LOCK_SUFFIX) || stem === '' || stem.includes(LOCK_SUFFIX)) {
    throw new BatonError(
      'invalid_argument',
      `lock_path ${lock} must name a directory "<name>${LOCK_SUFFIX}"`,
      {
        label: 'lock_path',
        value: lock,
      },
    );
  }
  return lock;
}

/** `layout()` computes every family's paths; a lease needs two, on every call. */
const roots = new Map<string, { root: string; locksDir: string }>();

function rootOf(dir: string): { root: string; locksDir: string } {
  let known = roots.get(dir);
  if (known === undefined) {
    const at = layout(dir);
    known = { root: at.root, locksDir: at.locksDir };
    if (roots.size >= MAX_CACHED) roots.clear();
    roots.set(dir, known);
  }
  return known;
}

/** Resources already validated, per locks dir: the name rules are pure, so once is enough. */
const validated = new Map<string, string>();

/**
 * The name rules of core/files/names.ts, plus: no component may contain ".lock.d" (it could
 * nest a lease inside another's lock directory or pass for a guard or tombstone in listings).
 */
function validResource(locksDir: string, resource: unknown): string {
  const key = typeof resource === 'string' ? `${locksDir}\0${resource}` : undefined;
  const known = key === undefined ? undefined : validated.get(key);
  if (known !== undefined) return known;
  const resourcePath = validateResourcePath(locksDir, resource);
  for (const part of resourcePath.split('/')) {
    if (part.includes(LOCK_SUFFIX)) {
      throw new BatonError(
        'invalid_argument',
        `resource ${JSON.stringify(resourcePath)}: component ${JSON.stringify(part)} must not contain "${LOCK_SUFFIX}" (reserved for lock directories)`,
        { label: 'resource', value: resourcePath },
      );
    }
  }
  if (validated.size >= MAX_CACHED) validated.clear();
  if (key !== undefined) validated.set(key, resourcePath);
  return resourcePath;
}

/** Parent directories (of lock directories) already seen to resolve inside their root. */
const insideParents = new Set<string>();

/**
 * Throw unless `parent` resolves inside `root` once the symlinks of its deepest existing
 * ancestor are followed (native realpath). An existing parent that passed is remembered for
 * the life of the process: acquire and release run this on every call, and a check by path is
 * a point-in-time check anyway (a symlink swapped in right after would not be seen either).
 */
function assertParentInsideRoot(root: string, parent: string, what: string): void {
  const key = `${root}\0${parent}`;
  if (insideParents.has(key)) return;
  let probe = parent;
  const rest: string[] = [];
  // existsSync does not throw: a failed realpath would cost an Error with a stack per level.
  while (!fs.existsSync(probe)) {
    const up = path.dirname(probe);
    if (up === probe) break;
    rest.unshift(path.basename(probe));
    probe = up;
  }
  const rel = path.relative(realpathOr(root), path.join(realpathOr(probe), ...rest));
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new BatonError('invalid_argument', `${what} resolves outside ${root}`, { root, parent });
  }
  if (rest.length === 0) {
    if (insideParents.size >= MAX_CACHED) insideParents.clear();
    insideParents.add(key);
  }
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}
