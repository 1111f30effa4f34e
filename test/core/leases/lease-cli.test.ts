import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBaton } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { batonJson } from '../support/baton-json.ts';

const dir = useTempDir('leases-cli');

const baton = (...args: string[]) => runBaton(['--dir', dir(), ...args]);
const json = (...args: string[]) => batonJson(dir(), '--json', ...args);

describe('baton lease (acquire, renew, release, status, list)', () => {
  it('acquire prints the token; a second acquire exits 75 with the conflict', async () => {
    const first = await json(
      'lease',
      'acquire',
      'src/main.ts',
      '--ttl',
      '60000',
      '--owner',
      'b1',
      '--reason',
      'edit',
    );
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({
      acquired: true,
      status: 'acquired',
      resource_path: 'src/main.ts',
      record: { owner: { id: 'b1' }, reason: 'edit', ttl_ms: 60_000 },
    });
    expect(first.json.token).toMatch(/^lease-/);

    const second = await json('lease', 'acquire', 'src/main.ts');
    expect(second.code).toBe(75);
    expect(second.json).toMatchObject({ acquired: false, status: 'conflict', reason: 'active' });

    const human = await baton('lease', 'acquire', 'src/main.ts');
    expect(human.code).toBe(75);
    expect(human.stdout).toBe('');
    expect(human.stderr).toContain('lease is held:');
    expect(human.stderr).toContain('- owner: b1');
  });

  it('renew, status, release by token; release refuses another token (exit 1)', async () => {
    const acquired = await json('lease', 'acquire', 'a', '--ttl', '5000');
    const token = acquired.json.token as string;
    const renewed = await json('lease', 'renew', 'a', '--token', token, '--ttl', '90000');
    expect(renewed.code).toBe(0);
    expect(renewed.json).toMatchObject({ token, ttl_ms: 90_000, renewals: 1 });

    const status = await json('lease', 'status', 'a');
    expect(status.json).toMatchObject({ state: 'active', record: { token, renewals: 1 } });
    const text = await baton('lease', 'status', 'a');
    expect(text.stdout).toMatch(/state:\s+active/);

    const wrong = await json('lease', 'release', 'a', '--token', 'lease-other');
    expect(wrong.code).toBe(1);
    expect(wrong.json).toMatchObject({ error: { code: 'not_holder' } });
    const badRenew = await baton('lease', 'renew', 'a', '--token', 'lease-other');
    expect(badRenew.code).toBe(1);
    expect(badRenew.stderr).toContain('refusing to renew');

    const released = await json('lease', 'release', 'a', '--token', token);
    expect(released.json).toEqual({
      released: true,
      status: 'released',
      lock_path: path.join(dir(), 'locks', 'a.lock.d'),
    });
    const again = await json('lease', 'release', 'a', '--token', token);
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ released: false, status: 'absent' });
  });

  it('release --force removes by path; --token and --force are exclusive', async () => {
    await json('lease', 'acquire', 'a');
    expect((await baton('lease', 'release', 'a')).code).toBe(2);
    const forced = await json('lease', 'release', 'a', '--force');
    expect(forced.json).toMatchObject({ released: true });
    expect((await json('lease', 'status', 'a')).json).toMatchObject({ state: 'absent' });
  });
});
