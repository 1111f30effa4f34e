import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/**
 * A fresh temporary directory per test, removed after it. Call at the top level of a test file;
 * the returned function gives the current test's directory.
 *
 * @example
 * const dir = useTempDir('leases');
 * it('…', () => { fs.writeFileSync(path.join(dir(), 'x'), ''); });
 */
export function useTempDir(prefix: string): () => string {
  let current: string | undefined;
  afterEach(() => {
    if (current) fs.rmSync(current, { recursive: true, force: true });
    current = undefined;
  });
  return () => {
    current ??= fs.mkdtempSync(path.join(os.tmpdir(), `baton-${prefix}-`));
    return current;
  };
}
