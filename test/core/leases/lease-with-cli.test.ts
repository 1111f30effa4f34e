import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLease } from '../../../core/leases/index.ts';
import { BATON_BIN, runBaton } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('leases-with-cli');

const stateOf = (resource: string) => readLease(dir(), resource).state;

/** The argv of `baton [--json] lease with res [FLAGS] -- COMMAND`, for runBaton and for spawn. */
function leaseWith(command: string[], options: { json?: boolean; flags?: string[] } = {}) {
  return [
    '--dir',
    dir(),
    ...(options.json ? ['--json'] : []),
    'lease',
    'with',
    'res',
    ...(options.flags ?? []),
    '--',
    ...command,
  ];
}

describe('baton lease with', () => {
  it('runs CMD holding the lease (env set), releases after, and exits with CMD’s code', async () => {
    const out = path.join(dir(), 'seen.txt');
    const ok = await runBaton(
      leaseWith([
        'sh',
        '-c',
        `echo "$BATON_LEASE_RESOURCE $BATON_LEASE_TOKEN" > ${out}; cat "${dir()}/locks/res.lock.d/owner.json" >> ${out}; exit 7`,
      ]),
    );
    expect(ok.code).toBe(7);
    const [first, ...rest] = fs.readFileSync(out, 'utf8').split('\n');
    const [resource, token] = first!.split(' ');
    expect(resource).toBe('res');
    // The token CMD got is the one in the record while it ran.
    expect(JSON.parse(rest.join('\n')).token).toBe(token);
    expect(stateOf('res')).toBe('absent');

    const killed = await runBaton(leaseWith(['sh', '-c', 'kill -TERM $$']));
    expect(killed.code).toBe(143);
    const missing = await runBaton(leaseWith(['no-such-command-xyz']));
    expect(missing.code).toBe(127);
    expect(stateOf('res')).toBe('absent');
  });

  it('exits 75 without running CMD when the lease is held', async () => {
    const held = await runBaton(['--dir', dir(), '--json', 'lease', 'acquire', 'res']);
    expect(held.code).toBe(0);
    const marker = path.join(dir(), 'ran');
    const r = await runBaton(leaseWith(['touch', marker], { json: true }));
    expect(r.code).toBe(75);
    expect(JSON.parse(r.stdout)).toMatchObject({ acquired: false, reason: 'active' });
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('renews while CMD runs (every ttl/3) and reports the outcome with --json', async () => {
    const probe = path.join(dir(), 'probe.json');
    const r = await runBaton(
      leaseWith(['sh', '-c', `sleep 1.5; cp "${dir()}/locks/res.lock.d/owner.json" ${probe}`], {
        json: true,
        flags: ['--ttl', '600'],
      }),
    );
    expect(r.code, r.stderr).toBe(0);
    const record = JSON.parse(fs.readFileSync(probe, 'utf8')) as {
      renewals: number;
      expires_at_ms: number;
    };
    expect(record.renewals).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(r.stdout)).toMatchObject({
      exit_code: 0,
      released: true,
      lease_lost: false,
      resource_path: 'res',
    });
  });

  it('forwards SIGTERM to CMD, releases, and exits 128+15', async () => {
    const started = path.join(dir(), 'started');
    const child = spawn(
      process.execPath,
      [
        BATON_BIN,
        ...leaseWith([
          'sh',
          '-c',
          `touch ${started}; trap 'exit 143' TERM; while :; do sleep 0.05; done`,
        ]),
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const deadline = Date.now() + 20_000;
    while (!fs.existsSync(started) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(stateOf('res')).toBe('active');
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stateOf('res')).toBe('absent');
  });
});
