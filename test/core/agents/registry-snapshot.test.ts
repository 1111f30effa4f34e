import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heartbeat, noteEdit } from '../../../core/agents/heartbeat.ts';
import {
  agentsAsRegistry,
  readRegistrySnapshot,
  writeRegistrySnapshot,
} from '../../../core/agents/registry-snapshot.ts';
import { unregisterAgent } from '../../../core/agents/unregister-agent.ts';
import { BatonError } from '../../../core/errors.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('agents-registry');
const alive = () => true;
const snapshotFile = (name: string) => path.join(dir(), 'registry', `${name}.json`);

function setLocks(id: string, locks: Record<string, number>): void {
  const file = path.join(dir(), 'agents', `${id}.json`);
  const record = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  record.locked_paths = locks;
  fs.writeFileSync(file, JSON.stringify(record));
}

describe('agentsAsRegistry / writeRegistrySnapshot', () => {
  it("writes the directory's agents in harn-hostlib's SerializedRegistry shape exactly", () => {
    heartbeat(dir(), 'zeta', { now: 1_000 });
    heartbeat(dir(), 'alpha', { now: 2_000 });
    heartbeat(dir(), 'beta', { now: 2_000 });
    noteEdit(dir(), 'beta', { now: 2_000, isPidAlive: alive });
    setLocks('beta', { 'src/b.ts': 90_000, 'src/old.ts': 1 });
    heartbeat(dir(), 'gamma', { now: 3_000 });
    unregisterAgent(dir(), 'gamma');
    const written = writeRegistrySnapshot(dir(), 'nightly', { now: 10_000, isPidAlive: alive });
    // ids by started_at_ms, then agent id; name = agent id; state = derived liveness
    expect(written).toEqual({
      next_id: 5,
      agents: [
        {
          id: 1,
          name: 'zeta',
          state: 'active',
          last_seen_ms: 1_000,
          edit_count: 0,
          locked_paths: {},
        },
        {
          id: 2,
          name: 'alpha',
          state: 'active',
          last_seen_ms: 2_000,
          edit_count: 0,
          locked_paths: {},
        },
        {
          id: 3,
          name: 'beta',
          state: 'active',
          last_seen_ms: 2_000,
          edit_count: 1,
          locked_paths: { 'src/b.ts': 90_000 },
        },
        {
          id: 4,
          name: 'gamma',
          state: 'gone',
          last_seen_ms: 3_000,
          edit_count: 0,
          locked_paths: {},
        },
      ],
    });
    const onDisk = JSON.parse(fs.readFileSync(snapshotFile('nightly'), 'utf8')) as object;
    expect(onDisk).toEqual(written);
    expect(Object.keys(onDisk)).toEqual(['next_id', 'agents']);
  });

  it('marks silent agents crashed with no locks', () => {
    heartbeat(dir(), 'a', { now: 0 });
    setLocks('a', { x: 999_999 });
    expect(agentsAsRegistry(dir(), { now: 60_000, isPidAlive: alive }).agents[0]).toMatchObject({
      state: 'crashed',
      locked_paths: {},
    });
  });

  it('keeps ids across snapshots of the same name and never reuses one', () => {
    heartbeat(dir(), 'a', { now: 1 });
    heartbeat(dir(), 'b', { now: 2 });
    expect(writeRegistrySnapshot(dir(), 's', { now: 3, isPidAlive: alive }).next_id).toBe(3);
    fs.rmSync(path.join(dir(), 'agents', 'a.json'));
    heartbeat(dir(), 'c', { now: 0 }); // started earliest, but new to this snapshot
    const again = writeRegistrySnapshot(dir(), 's', { now: 4, isPidAlive: alive });
    expect(again.agents.map((a) => [a.id, a.name])).toEqual([
      [2, 'b'],
      [3, 'c'],
    ]);
    expect(again.next_id).toBe(4);
    // another name starts its own numbering
    expect(
      writeRegistrySnapshot(dir(), 'other', { now: 4, isPidAlive: alive }).agents.map((a) => a.id),
    ).toEqual([1, 2]);
  });

  it('writes an empty registry for a directory without agents', () => {
    expect(writeRegistrySnapshot(dir(), 'empty')).toEqual({ next_id: 1, agents: [] });
  });

  it('refuses a coordination directory that does not exist, creating nothing', () => {
    const missing = path.join(dir(), 'typo');
    expect(() => writeRegistrySnapshot(missing, 's')).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('rejects a bad snapshot name before writing', () => {
    expect(() => writeRegistrySnapshot(dir(), '../x')).toThrow(BatonError);
    expect(fs.existsSync(path.join(dir(), 'registry'))).toBe(false);
  });
});

describe('readRegistrySnapshot', () => {
  function plant(name: string, value: unknown): string {
    fs.mkdirSync(path.join(dir(), 'registry'), { recursive: true });
    fs.writeFileSync(snapshotFile(name), typeof value === 'string' ? value : JSON.stringify(value));
    return snapshotFile(name);
  }

  it('round-trips what writeRegistrySnapshot wrote', () => {
    heartbeat(dir(), 'a', { now: 1_000 });
    setLocks('a', { 'src/a.ts': 5_000 });
    const written = writeRegistrySnapshot(dir(), 'rt', { now: 2_000, isPidAlive: alive });
    const read = readRegistrySnapshot(dir(), 'rt', { now: 2_000 });
    expect(read).toEqual({ file: snapshotFile('rt'), registry: written, diagnostics: [] });
  });

  it('applies the reap rule on read: silent active agents crash and lose their locks', () => {
    plant('old', {
      next_id: 3,
      agents: [
        {
          id: 1,
          name: 'editor',
          state: 'active',
          last_seen_ms: 0,
          edit_count: 2,
          locked_paths: { 'src/main.rs': 99_000 },
        },
        {
          id: 2,
          name: 'fresh',
          state: 'active',
          last_seen_ms: 50_000,
          edit_count: 0,
          locked_paths: { x: 99_000 },
        },
      ],
    });
    const { registry } = readRegistrySnapshot(dir(), 'old', { now: 60_000 });
    expect(registry.agents).toEqual([
      { id: 1, name: 'editor', state: 'crashed', last_seen_ms: 0, edit_count: 2, locked_paths: {} },
      {
        id: 2,
        name: 'fresh',
        state: 'active',
        last_seen_ms: 50_000,
        edit_count: 0,
        locked_paths: { x: 99_000 },
      },
    ]);
    expect(
      readRegistrySnapshot(dir(), 'old', { now: 60_000, agent_timeout_ms: 100_000 }).registry
        .agents[0]?.state,
    ).toBe('active');
  });

  it('reads a file path, defaults missing fields as serde does and raises next_id to at least 1', () => {
    const file = plant('bare', {});
    expect(readRegistrySnapshot(file).registry).toEqual({ next_id: 1, agents: [] });
    plant('low', {
      next_id: 0,
      agents: [
        { id: 4, name: 'x', state: 'gone', last_seen_ms: 0, edit_count: 0, locked_paths: {} },
      ],
    });
    expect(readRegistrySnapshot(dir(), 'low').registry.next_id).toBe(5);
  });

  it('keeps every good agent and reports each bad one', () => {
    const file = plant('mixed', {
      next_id: 'seven',
      agents: [
        { id: 1, name: 'ok', state: 'gone', last_seen_ms: 0, edit_count: 0, locked_paths: {} },
        {
          id: 2,
          name: 'shouty',
          state: 'Active',
          last_seen_ms: 0,
          edit_count: 0,
          locked_paths: {},
        },
        { id: -1, name: 'neg', state: 'gone', last_seen_ms: 0, edit_count: 0, locked_paths: {} },
        'nonsense',
      ],
    });
    const read = readRegistrySnapshot(file, undefined, { now: 0 });
    expect(read.registry).toEqual({
      next_id: 2,
      agents: [
        { id: 1, name: 'ok', state: 'gone', last_seen_ms: 0, edit_count: 0, locked_paths: {} },
      ],
    });
    expect(read.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/next_id/),
      expect.stringMatching(/agents\[1\]\.state/),
      expect.stringMatching(/agents\[2\]\.id/),
      expect.stringMatching(/agents\[3\]/),
    ]);
  });

  it('reports bad JSON or a wrong top-level shape as a diagnostic with an empty registry', () => {
    for (const [name, text, nextId] of [
      ['torn', '{"next_id": 3, "agents": [', 1],
      ['array', '[]', 1],
      ['agents-object', '{"next_id": 2, "agents": {}}', 2], // the good field is kept
    ] as const) {
      const file = plant(name, text);
      const read = readRegistrySnapshot(dir(), name, {});
      expect(read.registry).toEqual({ next_id: nextId, agents: [] });
      expect(read.diagnostics[0]).toMatchObject({ path: file, reason: 'malformed' });
    }
  });

  it('throws not_found for a missing snapshot', () => {
    expect(() => readRegistrySnapshot(dir(), 'none')).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });
});
