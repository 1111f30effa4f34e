import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDirectory, readDirNamesOrEmpty } from '../../../core/files/directory-entries.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('directory-entries');

describe('readDirNamesOrEmpty', () => {
  it('lists the names of a directory', () => {
    fs.writeFileSync(path.join(dir(), 'a.json'), '');
    fs.mkdirSync(path.join(dir(), 'b'));
    expect(readDirNamesOrEmpty(dir()).sort()).toEqual(['a.json', 'b']);
  });

  it('is empty for a missing path or a file', () => {
    expect(readDirNamesOrEmpty(path.join(dir(), 'missing'))).toEqual([]);
    const file = path.join(dir(), 'plain');
    fs.writeFileSync(file, '');
    expect(readDirNamesOrEmpty(file)).toEqual([]);
    expect(readDirNamesOrEmpty(path.join(file, 'below'))).toEqual([]);
  });
});

describe('isDirectory', () => {
  it('is true only for an existing directory', () => {
    const file = path.join(dir(), 'plain');
    fs.writeFileSync(file, '');
    expect(isDirectory(dir())).toBe(true);
    expect(isDirectory(file)).toBe(false);
    expect(isDirectory(path.join(dir(), 'missing'))).toBe(false);
  });
});
