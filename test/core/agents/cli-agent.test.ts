import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heartbeat } from '../../../core/agents/heartbeat.ts';
import { EXIT } from '../../../core/cli/exit-codes.ts';
import { runBaton } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { batonJson } from '../support/baton-json.ts';

// `baton agent …` through the real binary.
const dir = useTempDir('agents-cli');
const baton = (...args: string[]) => runBaton(['--dir', dir(), ...args]);
const json = (...args: string[]) => batonJson(dir(), '--json', ...args);

describe('baton agent heartbeat', () => {
  it('writes the record with the calling process as pid, and the given fields', async () => {
    const r = await json(
      'agent',
      'heartbeat',
      'builder-1',
      '--name',
      'Builder',
      '--timeout',
      '5000',
      '--run',
      'run-1',
      '--task',
      'fix it',
    );
    expect(r.code).toBe(0);
    // runBaton's parent is this test process: the "shell" that called baton
    expect(r.json).toMatchObject({
      schema: 'baton.agent.v1',
      id: 'builder-1',
      name: 'Builder',
      pid: process.pid,
      state: 'active',
      timeout_ms: 5000,
      current: { run_id: 'run-1', task: 'fix it' },
    });
    const onDisk = JSON.parse(
      fs.readFileSync(path.join(dir(), 'agents', 'builder-1.json'), 'utf8'),
    ) as unknown;
    expect(onDisk).toEqual(r.json);
    const human = await baton('agent', 'heartbeat', 'builder-1', '--pid', '4242');
    expect(human.stdout).toMatch(
      /^builder-1: active \(pid 4242 on .+, crashed after 5s without a heartbeat\)\n$/,
    );
  });

  it('rejects bad arguments with exit 2 and writes nothing', async () => {
    const cases = [
      ['agent', 'heartbeat', '../x'],
      ['agent', 'heartbeat', 'a', '--run', 'bad/run'],
    ];
    const [noDir, ...results] = await Promise.all([
      runBaton(['agent', 'heartbeat', 'a'], { env: { BATON_DIR: '' } }),
      ...cases.map((args) => json(...args)),
    ]);
    results.forEach((r, i) => {
      expect(r.code, cases[i]!.join(' ')).toBe(EXIT.usage);
      expect(r.json).toMatchObject({ error: { code: 'invalid_argument' } });
    });
    expect(noDir!.code).toBe(EXIT.usage);
    expect(noDir!.stderr).toMatch(/--dir/);
    expect(fs.existsSync(path.join(dir(), 'agents'))).toBe(false);
  });
});

describe('baton agent list and gone', () => {
  it('lists agents with liveness, filters, and marks one gone', async () => {
    heartbeat(dir(), 'live', { pid: process.pid });
    heartbeat(dir(), 'silent', { pid: process.pid, now: Date.now() - 120_000 });
    heartbeat(dir(), 'leaving', { pid: process.pid });
    fs.writeFileSync(path.join(dir(), 'agents', 'broken.json'), '{');
    const gone = await json('agent', 'gone', 'leaving');
    expect(gone.json).toMatchObject({ id: 'leaving', state: 'gone' });

    const [all, crashed, table] = await Promise.all([
      json('agent', 'list'),
      json('agent', 'list', '--liveness', 'crashed'),
      baton('agent', 'list'),
    ]);
    expect(all.code).toBe(0);
    const agents = all.json.agents as { id: string; liveness: string }[];
    expect(agents.map((a) => [a.id, a.liveness])).toEqual([
      ['leaving', 'gone'],
      ['live', 'active'],
      ['silent', 'crashed'],
    ]);
    expect(all.json.diagnostics).toEqual([expect.objectContaining({ reason: 'malformed' })]);

    expect((crashed.json.agents as { id: string }[]).map((a) => a.id)).toEqual(['silent']);

    expect(table.stdout.split('\n')[0]).toMatch(
      /^ID\s+NAME\s+LIVENESS\s+PID\s+HOST\s+LAST_SEEN\s+EDITS\s+LOCKS\s+CURRENT$/,
    );
    expect(table.stdout).toMatch(/silent\s+silent\s+crashed\s+\d+\s+\S+\s+2m \d+s ago/);
    expect(table.stderr).toMatch(/warning: .*broken\.json/);
  });

  it('exits 3 for gone on an unknown agent or a missing directory; has help', async () => {
    const missing = path.join(dir(), 'typo');
    const [r, noDir, help] = await Promise.all([
      json('agent', 'gone', 'ghost'),
      runBaton(['--dir', missing, 'agent', 'list']),
      runBaton(['agent', '--help']),
    ]);
    expect(r.code).toBe(EXIT.notFound);
    expect(r.json).toMatchObject({ error: { code: 'not_found' } });
    expect(noDir.code).toBe(EXIT.notFound);
    expect(noDir.stderr).toMatch(/does not exist/);
    expect(fs.existsSync(missing)).toBe(false);
    expect(help.code).toBe(0);
    for (const sub of ['heartbeat', 'list', 'gone', 'lock', 'unlock', 'holder']) {
      expect(help.stdout).toMatch(new RegExp(`^ {2}${sub} `, 'm'));
    }
  });
});
