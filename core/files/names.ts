import fs from 'node:fs';
import path from 'node:path';
import { BatonError } from '../errors.ts';

/** The alphabet of every name in the directory: agent ids, rooms, consumers, run ids… */
const NAME_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Validate one name component (agent id, room, consumer, scope id, run id, handoff id).
 * Throws `invalid_argument` naming `label` before anything touches the disk.
 *
 * @example
 * validateName('agent id', 'builder-1'); // 'builder-1'
 * validateName('room', '../etc');        // throws: room "../etc" must be 1-128 characters of [A-Za-z0-9._-]
 */
export function validateName(label: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new BatonError('invalid_argument', `${label} is required`, { label });
  }
  if (!NAME_PATTERN.test(value) || value === '.' || value === '..') {
    throw new BatonError(
      'invalid_argument',
      `${label} ${JSON.stringify(value)} must be 1-128 characters of [A-Za-z0-9._-] and not "." or ".."`,
      { label, value },
    );
  }
  return value;
}

/** True when `value` is a valid name (see {@link validateName}). */
export function isValidName(value: string): boolean {
  return NAME_PATTERN.test(value) && value !== '.' && value !== '..';
}

/**
 * Validate a lock resource path: `/`-separated names, relative, and inside `root` once symlinks
 * are followed. Returns the normalised resource (no leading/trailing slash).
 *
 * @example
 * validateResourcePath('/coord/locks', 'src/main.ts'); // 'src/main.ts'
 * validateResourcePath('/coord/locks', '../x');        // throws invalid_argument
 */
export function validateResourcePath(root: string, resource: unknown, label = 'resource'): string {
  if (typeof resource !== 'string' || resource.trim() === '') {
    throw new BatonError('invalid_argument', `${label} is required`, { label });
  }
  if (resource.startsWith('/') || path.isAbsolute(resource)) {
    throw new BatonError(
      'invalid_argument',
      `${label} ${JSON.stringify(resource)} must be relative`,
      {
        label,
        value: resource,
      },
    );
  }
  const parts = resource.split('/');
  for (const part of parts) {
    if (!isValidName(part)) {
      throw new BatonError(
        'invalid_argument',
        `${label} ${JSON.stringify(resource)}: component ${JSON.stringify(part)} must be 1-128 characters of [A-Za-z0-9._-] and not "." or ".."`,
        { label, value: resource },
      );
    }
  }
  assertInsideRoot(root, path.join(root, ...parts), `${label} ${JSON.stringify(resource)}`);
  return parts.join('/');
}

/**
 * Throw unless `target` stays inside `root` after following the symlinks of its deepest
 * existing ancestor (a symlinked directory must not lead writes outside the root).
 */
export function assertInsideRoot(root: string, target: string, what: string): void {
  const realRoot = realpathOrSelf(root);
  let probe = target;
  const rest: string[] = [];
  while (!fs.existsSync(probe)) {
    const parent = path.dirname(probe);
    if (parent === probe) break;
    rest.unshift(path.basename(probe));
    probe = parent;
  }
  const resolved = path.join(realpathOrSelf(probe), ...rest);
  const rel = path.relative(realRoot, resolved);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new BatonError('invalid_argument', `${what} resolves outside ${root}`, {
      root,
      resolved,
    });
  }
}

function realpathOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}
