import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  clearRecentDirs,
  forgetDir,
  MAX_RECENT_DIRS,
  readRecentDirs,
  rememberDir,
} from '../../electron/recent-dirs.ts';
import { useTempDir } from '../support/temp-dir.ts';

const tempDir = useTempDir('recent-dirs');

describe('recent directories (userData/recent-dirs.json)', () => {
  it('is empty when the file is missing or damaged, never an error', () => {
    const file = path.join(tempDir(), 'recent-dirs.json');
    expect(readRecentDirs(file)).toEqual([]);
    fs.writeFileSync(file, '{ not json');
    expect(readRecentDirs(file)).toEqual([]);
    fs.writeFileSync(file, JSON.stringify({ dirs: 'nope' }));
    expect(readRecentDirs(file)).toEqual([]);
    fs.writeFileSync(file, JSON.stringify({ dirs: ['/ok', 'relative/dir', '/ok'] }));
    expect(readRecentDirs(file)).toEqual(['/ok']);
  });

  it('puts the opened directory first, once, and keeps the most recent few', () => {
    const file = path.join(tempDir(), 'sub', 'recent-dirs.json');
    rememberDir(file, '/a');
    rememberDir(file, '/b');
    expect(rememberDir(file, '/a')).toEqual(['/a', '/b']);
    for (let i = 0; i < MAX_RECENT_DIRS + 5; i++) rememberDir(file, `/d${i}`);
    const dirs = readRecentDirs(file);
    expect(dirs).toHaveLength(MAX_RECENT_DIRS);
    expect(dirs[0]).toBe(`/d${MAX_RECENT_DIRS + 4}`);
    expect(forgetDir(file, dirs[0] ?? '')).not.toContain(dirs[0]);
    expect(clearRecentDirs(file)).toEqual([]);
    expect(readRecentDirs(file)).toEqual([]);
  });

  it('writes through a temp file renamed over the list (no half-written list, no leftovers)', () => {
    const dir = tempDir();
    const file = path.join(dir, 'recent-dirs.json');
    const realRename = fs.renameSync.bind(fs);
    const renames: Array<[string, string]> = [];
    const passThrough = vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      renames.push([String(from), String(to)]);
      // Until the rename, readers still see the old list (here: none).
      expect(readRecentDirs(file)).toEqual([]);
      realRename(from, to);
    });
    try {
      rememberDir(file, '/first');
    } finally {
      passThrough.mockRestore();
    }
    expect(renames).toHaveLength(1);
    expect(renames[0]?.[0]).toMatch(/recent-dirs\.json\.tmp-/);
    expect(renames[0]?.[1]).toBe(file);

    // A failed write leaves the previous list intact and no temporary file behind.
    const failing = vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw new Error('disk full');
    });
    try {
      expect(() => rememberDir(file, '/second')).toThrow('disk full');
    } finally {
      failing.mockRestore();
    }
    expect(readRecentDirs(file)).toEqual(['/first']);
    expect(fs.readdirSync(dir)).toEqual(['recent-dirs.json']);
  });
});
