import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFreshness, newestMtime } from '../../../core/launch/build-freshness.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('freshness');

function touch(file: string, secondsAgo: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, '');
  const t = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(file, t, t);
}

describe('build freshness (when baton start rebuilds the UI)', () => {
  it('is missing without the output, stale when a source is newer, fresh otherwise', () => {
    const root = tempDir();
    const output = path.join(root, 'dist/index.html');
    const src = path.join(root, 'src');
    touch(path.join(src, 'a/app.tsx'), 100);
    expect(buildFreshness(output, [src])).toBe('missing');
    touch(output, 50);
    expect(buildFreshness(output, [src])).toBe('fresh');
    touch(path.join(src, 'a/deep/view.tsx'), 10);
    expect(buildFreshness(output, [src, path.join(root, 'absent')])).toBe('stale');
  });

  it('skips node_modules and dot-directories', () => {
    const root = tempDir();
    touch(path.join(root, 'src/x.ts'), 100);
    touch(path.join(root, 'src/node_modules/y.js'), 1);
    touch(path.join(root, 'src/.cache/z'), 1);
    expect(Math.round(newestMtime([path.join(root, 'src')]) / 1000)).toBe(
      Math.round((Date.now() - 100_000) / 1000),
    );
  });
});
