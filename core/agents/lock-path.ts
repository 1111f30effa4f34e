import { BatonError } from '../errors.ts';
import { isValidName } from '../files/names.ts';

/**
 * Validate an advisory lock path (a workspace file such as `src/main.ts`): relative,
 * `/`-separated names of `[A-Za-z0-9._-]`, none `.` or `..`. It is only a key in agent records
 * (no file is made from it), so no symlink check applies. Returns it unchanged.
 *
 * @example
 * validateLockPath('src/main.ts'); // 'src/main.ts'
 * validateLockPath('/etc/passwd'); // throws invalid_argument
 */
export function validateLockPath(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new BatonError('invalid_argument', 'lock path is required', { label: 'path' });
  }
  if (value.length > 4096) {
    throw new BatonError('invalid_argument', `lock path is over 4096 characters`, {
      label: 'path',
    });
  }
  const bad = value.split('/').find((part) => !isValidName(part));
  if (bad !== undefined) {
    throw new BatonError(
      'invalid_argument',
      `lock path ${JSON.stringify(value)} must be relative and made of /-separated names of [A-Za-z0-9._-] (not "." or ".."): component ${JSON.stringify(bad)} is not`,
      { label: 'path', value },
    );
  }
  if (value === '__proto__') {
    // JSON record readers drop this key, so such a lock could never be seen by anyone.
    throw new BatonError('invalid_argument', 'lock path "__proto__" is reserved', {
      label: 'path',
      value,
    });
  }
  return value;
}
