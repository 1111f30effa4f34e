import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatonError } from '../../../core/errors.ts';
import {
  acquireLease,
  readLease,
  releaseLease,
  renewLease,
  withLease,
} from '../../../core/leases/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { treeOf } from './race-support.ts';

const dir = useTempDir('leases-validation');

const BAD_RESOURCES = [
  '../x',
  'a/../../x',
  'a/./b',
  '/etc/passwd',
  '',
  '   ',
  'a//b',
  'a/',
  'has space',
  'semi;colon',
  'ünïcode',
  'a\\b',
  'x'.repeat(129),
  'nested.lock.d/x',
  'a.lock.d',
  'a.lock.d.reap.d',
];

function expectInvalid(fn: () => unknown): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(BatonError);
  expect((error as BatonError).code).toBe('invalid_argument');
}

describe('resource validation', () => {
  it.each(BAD_RESOURCES)('rejects %j before anything is written', async (resource) => {
    const root = path.join(dir(), 'coord');
    fs.mkdirSync(root);
    const before = treeOf(dir());
    expectInvalid(() => acquireLease(root, resource));
    expectInvalid(() => readLease(root, resource));
    expectInvalid(() => renewLease(root, resource, 'lease-x'));
    expectInvalid(() => releaseLease(root, resource, { token: 'lease-x' }));
    expectInvalid(() => releaseLease(root, resource, { strict: false }));
    await expect(withLease(root, resource, () => 1)).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    expect(treeOf(dir())).toEqual(before);
  });

  it('rejects a resource whose path leads outside the root through a symlink', () => {
    const root = path.join(dir(), 'coord');
    const outside = path.join(dir(), 'outside');
    fs.mkdirSync(path.join(root, 'locks'), { recursive: true });
    fs.mkdirSync(outside);
    fs.symlinkSync(outside, path.join(root, 'locks', 'evil'));
    // A symlinked lock directory itself, and a symlinked locks/ directory.
    fs.symlinkSync(outside, path.join(root, 'locks', 'direct.lock.d'));
    const linkedRoot = path.join(dir(), 'coord2');
    fs.mkdirSync(linkedRoot);
    fs.symlinkSync(outside, path.join(linkedRoot, 'locks'));

    const before = treeOf(dir());
    expectInvalid(() => acquireLease(root, 'evil/x'));
    expectInvalid(() => acquireLease(root, 'direct'));
    expectInvalid(() => releaseLease(root, 'direct', { strict: false }));
    expectInvalid(() => acquireLease(linkedRoot, 'x'));
    expect(treeOf(dir())).toEqual(before);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('accepts names of the whole alphabet and nested paths', () => {
    const lease = acquireLease(dir(), 'A-z_0.9/.hidden/file.ts');
    expect(lease.acquired).toBe(true);
    expect(fs.existsSync(path.join(dir(), 'locks', 'A-z_0.9', '.hidden', 'file.ts.lock.d'))).toBe(
      true,
    );
  });
});
