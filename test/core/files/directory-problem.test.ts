import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { danglingLinkTarget } from '../../../core/files/dangling-link.ts';
import { directoryProblem } from '../../../core/files/directory-problem.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('directory-problem');

describe('directoryProblem', () => {
  it('has nothing to say about a directory, a link to one, or nothing at all', () => {
    const real = path.join(dir(), 'runs');
    fs.mkdirSync(real);
    const link = path.join(dir(), 'linked');
    fs.symlinkSync(real, link);
    expect(directoryProblem(real)).toBeUndefined();
    expect(directoryProblem(link)).toBeUndefined();
    expect(directoryProblem(path.join(dir(), 'missing'))).toBeUndefined();
  });

  it('reports a file where the directory belongs as malformed, naming it', () => {
    const file = path.join(dir(), 'r1');
    fs.writeFileSync(file, 'stray');
    expect(directoryProblem(file)).toEqual({
      path: file,
      reason: 'malformed',
      message: `${file}: not a directory (the layout has a directory here; nothing under it can be read)`,
    });
  });

  it('reports a symbolic link to nowhere as unreadable, naming its target', () => {
    const link = path.join(dir(), 'r2');
    const target = path.join(dir(), 'moved-away');
    fs.symlinkSync(target, link);
    expect(danglingLinkTarget(link)).toBe(target);
    expect(directoryProblem(link)).toEqual({
      path: link,
      reason: 'unreadable',
      message: `${link}: a symbolic link to ${target}, which does not exist`,
    });
  });
});

describe('danglingLinkTarget', () => {
  it('is undefined for a real file, a working link and a missing path', () => {
    const file = path.join(dir(), 'a.json');
    fs.writeFileSync(file, '{}');
    const link = path.join(dir(), 'b.json');
    fs.symlinkSync(file, link);
    expect(danglingLinkTarget(file)).toBeUndefined();
    expect(danglingLinkTarget(link)).toBeUndefined();
    expect(danglingLinkTarget(path.join(dir(), 'none.json'))).toBeUndefined();
  });
});
