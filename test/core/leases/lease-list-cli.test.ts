import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBaton } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { batonJson } from '../support/baton-json.ts';

const dir = useTempDir('leases-list-cli');

const baton = (...args: string[]) => runBaton(['--dir', dir(), ...args]);
const json = (...args: string[]) => batonJson(dir(), '--json', ...args);

describe('baton lease (list, stale takeover, validation, help)', () => {
  it('list shows every lease (filtered by --state) as JSON and as a table', async () => {
    await json('lease', 'acquire', 'x/one', '--owner', 'o1');
    await json('lease', 'acquire', 'two', '--ttl', '0', '--owner', 'o2');
    const all = await json('lease', 'list');
    expect(
      (all.json.leases as { resource_path: string; state: string }[]).map((l) => [
        l.resource_path,
        l.state,
      ]),
    ).toEqual([
      ['two', 'stale'],
      ['x/one', 'active'],
    ]);
    const stale = await json('lease', 'list', '--state', 'stale');
    expect((stale.json.leases as unknown[]).length).toBe(1);
    const table = await baton('lease', 'list');
    expect(table.stdout).toMatch(/RESOURCE\s+STATE\s+OWNER/);
    expect(table.stdout).toContain('x/one');
    expect((await baton('lease', 'list', '--state', 'held')).code).toBe(2);
  });

  it('--no-take-stale reports an expired lease as held (75); by default it is taken over', async () => {
    await json('lease', 'acquire', 'a', '--ttl', '0');
    const refused = await json('lease', 'acquire', 'a', '--no-take-stale');
    expect(refused.code).toBe(75);
    expect(refused.json).toMatchObject({ reason: 'stale' });
    const taken = await json('lease', 'acquire', 'a');
    expect(taken.json).toMatchObject({ acquired: true, stale_removed: { ttl_ms: 0 } });
  });

  it('rejects a bad resource with exit 2 and writes nothing; --help works everywhere', async () => {
    const bad = await json('lease', 'acquire', '../escape');
    expect(bad.code).toBe(2);
    expect(bad.json).toMatchObject({ error: { code: 'invalid_argument' } });
    expect(fs.readdirSync(dir())).toEqual([]);
    for (const sub of ['acquire', 'release', 'with']) {
      const help = await runBaton(['lease', sub, '--help']);
      expect(help.code, sub).toBe(0);
      expect(help.stdout).toContain(`baton lease ${sub}`);
    }
    const noDir = await runBaton(['lease', 'status', 'a'], { env: { BATON_DIR: '' } });
    expect(noDir.code).toBe(2);
  });
});
