import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heartbeat } from '../../../core/agents/heartbeat.ts';
import { unregisterAgent } from '../../../core/agents/unregister-agent.ts';
import { EXIT } from '../../../core/cli/exit-codes.ts';
import { runBaton } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { batonJson } from '../support/baton-json.ts';

// `baton registry …` through the real binary.
const dir = useTempDir('agents-cli-registry');
const baton = (...args: string[]) => runBaton(['--dir', dir(), ...args]);
const json = (...args: string[]) => batonJson(dir(), '--json', ...args);

describe('baton registry', () => {
  it('snapshots the agents and shows the snapshot by name and by file', async () => {
    heartbeat(dir(), 'first', { pid: process.pid, now: Date.now() - 1_000 });
    heartbeat(dir(), 'second', { pid: process.pid });
    unregisterAgent(dir(), 'second');
    const snap = await json('registry', 'snapshot', 'nightly');
    expect(snap.code).toBe(0);
    const file = path.join(dir(), 'registry', 'nightly.json');
    expect(snap.json).toMatchObject({
      name: 'nightly',
      file,
      registry: {
        next_id: 3,
        agents: [
          { id: 1, name: 'first', state: 'active', edit_count: 0, locked_paths: {} },
          { id: 2, name: 'second', state: 'gone', edit_count: 0, locked_paths: {} },
        ],
      },
    });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(snap.json.registry);

    const [byName, byFile] = await Promise.all([
      json('registry', 'show', 'nightly'),
      // a file path works without --dir
      runBaton(['--json', 'registry', 'show', file], { env: { BATON_DIR: '' } }),
    ]);
    expect(byName.json).toMatchObject({
      source: file,
      registry: snap.json.registry,
      diagnostics: [],
    });
    expect(byFile.code).toBe(0);
    expect(JSON.parse(byFile.stdout)).toMatchObject({ registry: snap.json.registry });
  });

  it('shows the live agents as a registry when given no argument', async () => {
    heartbeat(dir(), 'solo', { pid: process.pid });
    const live = await json('registry', 'show');
    expect(live.json).toMatchObject({
      source: 'live',
      registry: { next_id: 2, agents: [{ id: 1, name: 'solo', state: 'active' }] },
    });
    expect(fs.existsSync(path.join(dir(), 'registry'))).toBe(false);
  });

  it('applies the reap rule when showing an old snapshot and reports bad entries', async () => {
    fs.mkdirSync(path.join(dir(), 'registry'));
    fs.writeFileSync(
      path.join(dir(), 'registry', 'old.json'),
      JSON.stringify({
        next_id: 2,
        agents: [
          {
            id: 1,
            name: 'editor',
            state: 'active',
            last_seen_ms: 0,
            edit_count: 1,
            locked_paths: { a: 1e15 },
          },
          { id: 9, name: 'bad' },
        ],
      }),
    );
    const [r, text] = await Promise.all([
      json('registry', 'show', 'old'),
      baton('registry', 'show', 'old'),
    ]);
    expect(r.code).toBe(0);
    expect(r.json.registry).toEqual({
      next_id: 2,
      agents: [
        {
          id: 1,
          name: 'editor',
          state: 'crashed',
          last_seen_ms: 0,
          edit_count: 1,
          locked_paths: {},
        },
      ],
    });
    expect(r.json.diagnostics).toEqual([expect.objectContaining({ reason: 'malformed' })]);
    expect(text.stderr).toMatch(/warning: .*agents\[1\]/);
    expect(text.stdout).toMatch(
      /next_id 2\nID\s+NAME\s+STATE\s+LAST_SEEN\s+EDITS\s+LOCKS\n1\s+editor\s+crashed\s+.+ ago\s+1\s+-$/m,
    );
  });

  it('exits 3 for a missing snapshot and 2 for a bad name', async () => {
    const [missing, badName, help] = await Promise.all([
      baton('registry', 'show', 'nope'),
      baton('registry', 'snapshot', 'a b'),
      runBaton(['registry', '--help']),
    ]);
    expect(missing.code).toBe(EXIT.notFound);
    expect(badName.code).toBe(EXIT.usage);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}snapshot /m);
    expect(help.stdout).toMatch(/^ {2}show /m);
  });
});
