import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathHolder } from '../../../core/agents/path-locks.ts';
import { EXIT } from '../../../core/cli/exit-codes.ts';
import { runBaton } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { batonJson } from '../support/baton-json.ts';

// `baton agent lock|unlock|holder` through the real binary.
const dir = useTempDir('agents-cli-lock');
const baton = (...args: string[]) => runBaton(['--dir', dir(), ...args]);
const json = (...args: string[]) => batonJson(dir(), '--json', ...args);

describe('baton agent lock / unlock / holder', () => {
  it('grants, refuses another agent with exit 75, releases', async () => {
    const a = await json('agent', 'lock', 'a', 'src/main.ts', '--ttl', '60000');
    expect(a.code).toBe(0);
    expect(a.json).toMatchObject({ agent: 'a', path: 'src/main.ts', granted: true, holder: 'a' });
    expect(a.json.expires_at_ms).toBeGreaterThan(Date.now() + 50_000);
    // registered with the caller's pid (this test process), so the lock counts
    expect(pathHolder(dir(), 'src/main.ts')).toBe('a');

    const [b, bText, holder] = await Promise.all([
      json('agent', 'lock', 'b', 'src/main.ts'),
      baton('agent', 'lock', 'b', 'src/main.ts'),
      json('agent', 'holder', 'src/main.ts'),
    ]);
    expect(holder.json).toEqual({ path: 'src/main.ts', holder: 'a' });
    expect(b.code).toBe(EXIT.contended);
    expect(b.json).toMatchObject({
      granted: false,
      holder: 'a',
      expires_at_ms: a.json.expires_at_ms,
    });
    expect(bText.code).toBe(EXIT.contended);
    expect(bText.stdout).toMatch(/^src\/main\.ts is held by a \(expires in \d+s\)/);

    const release = await json('agent', 'unlock', 'a', 'src/main.ts');
    expect(release.json).toEqual({ agent: 'a', path: 'src/main.ts', released: true });
    const [again, free] = await Promise.all([
      baton('agent', 'unlock', 'a', 'src/main.ts'),
      json('agent', 'holder', 'src/main.ts'),
    ]);
    expect(again.stdout).toBe('a held no lock on src/main.ts\n');
    expect(free.json).toEqual({ path: 'src/main.ts', holder: null });
  });

  it('rejects a bad path or ttl with exit 2 and writes nothing', async () => {
    const cases = [
      ['agent', 'lock', 'a', 'src/../x'],
      ['agent', 'lock', 'a', 'x', '--ttl', '0'],
      ['agent', 'unlock', 'a', '/etc/passwd'],
    ];
    const results = await Promise.all(cases.map((args) => baton(...args)));
    results.forEach((r, i) => expect(r.code, cases[i]!.join(' ')).toBe(EXIT.usage));
    expect(fs.existsSync(path.join(dir(), 'agents'))).toBe(false);
  });

  it('has help', async () => {
    const r = await runBaton(['agent', 'lock', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: baton agent lock \[options\] <id> <path>/);
    expect(r.stdout).toMatch(/exit 75/);
  });
});
