import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { noteEdit, heartbeat } from '../../../core/agents/heartbeat.ts';
import { readAgent } from '../../../core/agents/read-agents.ts';
import { unregisterAgent } from '../../../core/agents/unregister-agent.ts';
import { BatonError } from '../../../core/errors.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('agents-heartbeat');
const alive = () => true;
const file = (id: string) => path.join(dir(), 'agents', `${id}.json`);
const onDisk = (id: string) =>
  JSON.parse(fs.readFileSync(file(id), 'utf8')) as Record<string, unknown>;

/** Plant a lock in an agent's record, as tryLockPath would have. */
function plantLock(id: string, lockPath: string, expiry: number): void {
  const record = onDisk(id);
  record.locked_paths = { [lockPath]: expiry };
  fs.writeFileSync(file(id), JSON.stringify(record));
}

describe('heartbeat', () => {
  it('creates the record with defaults: name = id, this process, 45 s timeout', () => {
    const record = heartbeat(dir(), 'builder-1', { now: 1_000 });
    expect(record).toEqual({
      schema: 'baton.agent.v1',
      id: 'builder-1',
      name: 'builder-1',
      pid: process.pid,
      host: os.hostname(),
      state: 'active',
      started_at_ms: 1_000,
      last_seen_ms: 1_000,
      timeout_ms: 45_000,
      edit_count: 0,
      locked_paths: {},
    });
    expect(onDisk('builder-1')).toEqual(record);
  });

  it('keeps started_at_ms, name and edit_count; refreshes last_seen, pid and given fields', () => {
    heartbeat(dir(), 'a', { now: 1_000, name: 'Alpha', timeout_ms: 5_000 });
    noteEdit(dir(), 'a', { now: 1_500, isPidAlive: alive });
    const record = heartbeat(dir(), 'a', {
      now: 2_000,
      pid: 4242,
      host: 'box',
      current: { run_id: 'run-7', task: 'parser' },
      isPidAlive: alive,
    });
    expect(record).toMatchObject({
      name: 'Alpha',
      started_at_ms: 1_000,
      last_seen_ms: 2_000,
      timeout_ms: 5_000,
      edit_count: 1,
      pid: 4242,
      host: 'box',
      current: { run_id: 'run-7', task: 'parser' },
    });
    // current is kept when not given, replaced when given
    expect(heartbeat(dir(), 'a', { now: 2_100, isPidAlive: alive }).current).toEqual({
      run_id: 'run-7',
      task: 'parser',
    });
    expect(
      heartbeat(dir(), 'a', { now: 2_200, current: { task: 'docs' }, isPidAlive: alive }).current,
    ).toEqual({
      task: 'docs',
    });
  });

  it('keeps unknown fields written by others', () => {
    heartbeat(dir(), 'a', { now: 1_000 });
    fs.writeFileSync(file('a'), JSON.stringify({ ...onDisk('a'), team: 'blue' }));
    expect(heartbeat(dir(), 'a', { now: 2_000, isPidAlive: alive })).toMatchObject({
      team: 'blue',
    });
  });

  it('keeps its unexpired locks while live, dropping expired ones', () => {
    heartbeat(dir(), 'a', { now: 1_000 });
    const record = onDisk('a');
    record.locked_paths = { 'src/x.ts': 50_000, 'src/old.ts': 1_500 };
    fs.writeFileSync(file('a'), JSON.stringify(record));
    expect(heartbeat(dir(), 'a', { now: 2_000, isPidAlive: alive }).locked_paths).toEqual({
      'src/x.ts': 50_000,
    });
  });

  it('resurrects a crashed agent (timeout) without its released locks', () => {
    heartbeat(dir(), 'a', { now: 0 });
    plantLock('a', 'src/x.ts', 999_000);
    expect(readAgent(dir(), 'a', { now: 60_000, isPidAlive: alive })?.liveness).toBe('crashed');
    const record = heartbeat(dir(), 'a', { now: 60_000, isPidAlive: alive });
    expect(record).toMatchObject({ state: 'active', started_at_ms: 0, locked_paths: {} });
    expect(readAgent(dir(), 'a', { now: 60_000, isPidAlive: alive })?.liveness).toBe('active');
  });

  it('drops the locks of a previous process that died (pid check), keeping the rest', () => {
    heartbeat(dir(), 'a', { now: 0, pid: 111 });
    plantLock('a', 'src/x.ts', 999_000);
    const deadOld = (pid: number) => pid !== 111;
    const record = heartbeat(dir(), 'a', { now: 10, pid: 222, isPidAlive: deadOld });
    expect(record).toMatchObject({ pid: 222, started_at_ms: 0, locked_paths: {} });
  });

  it('drops its locks when it shows up within a second of its timeout', () => {
    heartbeat(dir(), 'a', { now: 0, timeout_ms: 10_000 });
    plantLock('a', 'src/x.ts', 999_000);
    expect(heartbeat(dir(), 'a', { now: 8_999, isPidAlive: alive }).locked_paths).toEqual({
      'src/x.ts': 999_000,
    });
    expect(heartbeat(dir(), 'a', { now: 8_999 + 9_001, isPidAlive: alive }).locked_paths).toEqual(
      {},
    );
  });

  it('resurrects a gone agent', () => {
    heartbeat(dir(), 'a', { now: 0 });
    unregisterAgent(dir(), 'a');
    expect(readAgent(dir(), 'a', { now: 1, isPidAlive: alive })?.liveness).toBe('gone');
    expect(heartbeat(dir(), 'a', { now: 2 }).state).toBe('active');
    expect(readAgent(dir(), 'a', { now: 3, isPidAlive: alive })?.liveness).toBe('active');
  });

  it('rewrites a malformed record of its own but refuses to overwrite a newer version', () => {
    fs.mkdirSync(path.join(dir(), 'agents'));
    fs.writeFileSync(file('a'), '{not json');
    expect(heartbeat(dir(), 'a', { now: 5 })).toMatchObject({ started_at_ms: 5 });
    fs.writeFileSync(file('b'), JSON.stringify({ schema: 'baton.agent.v2', id: 'b' }));
    expect(() => heartbeat(dir(), 'b', { now: 5 })).toThrow(/not overwriting/);
    expect(onDisk('b')).toEqual({ schema: 'baton.agent.v2', id: 'b' });
  });

  it('rejects bad arguments before writing anything', () => {
    const bad: [string, object][] = [
      ['../x', {}],
      ['a b', {}],
      ['ok', { timeout_ms: 0 }],
      ['ok', { timeout_ms: 1.5 }],
      ['ok', { pid: -3 }],
      ['ok', { name: '' }],
      ['ok', { current: { run_id: '../r' } }],
      ['ok', { current: 'task' }],
    ];
    for (const [id, options] of bad) {
      expect(() => heartbeat(dir(), id, options)).toThrow(BatonError);
    }
    expect(fs.existsSync(path.join(dir(), 'agents'))).toBe(false);
  });

  it('refuses a coordination directory that does not exist', () => {
    const missing = path.join(dir(), 'nope');
    expect(() => heartbeat(missing, 'a')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('leaves no temporary files behind', () => {
    for (let i = 0; i < 20; i++) heartbeat(dir(), 'a', { now: i });
    expect(fs.readdirSync(path.join(dir(), 'agents'))).toEqual(['a.json']);
  });
});

describe('noteEdit', () => {
  it('bumps edit_count and last_seen_ms', () => {
    heartbeat(dir(), 'a', { now: 0 });
    expect(noteEdit(dir(), 'a', { now: 10 })).toMatchObject({ edit_count: 1, last_seen_ms: 10 });
    expect(noteEdit(dir(), 'a', { now: 20 })).toMatchObject({ edit_count: 2, last_seen_ms: 20 });
  });

  it('refuses an agent without a record, creating nothing', () => {
    expect(() => noteEdit(dir(), 'ghost')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(fs.existsSync(file('ghost'))).toBe(false);
  });
});

describe('unregisterAgent', () => {
  it('writes state gone, drops the locks and keeps last_seen_ms', () => {
    heartbeat(dir(), 'a', { now: 100 });
    plantLock('a', 'src/x.ts', 999_000);
    const record = unregisterAgent(dir(), 'a');
    expect(record).toMatchObject({ state: 'gone', last_seen_ms: 100, locked_paths: {} });
    expect(onDisk('a')).toEqual(record);
  });

  it('refuses a missing or unreadable record', () => {
    expect(() => unregisterAgent(dir(), 'ghost')).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    fs.mkdirSync(path.join(dir(), 'agents'));
    fs.writeFileSync(file('bad'), '[]');
    expect(() => unregisterAgent(dir(), 'bad')).toThrow(
      expect.objectContaining({ code: 'unreadable' }),
    );
  });

  it('refuses (conflict) when the agent heartbeat since the caller looked', () => {
    heartbeat(dir(), 'a', { now: 100 });
    heartbeat(dir(), 'a', { now: 200 });
    expect(() => unregisterAgent(dir(), 'a', { if_last_seen_ms: 100 })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(onDisk('a').state).toBe('active');
    expect(unregisterAgent(dir(), 'a', { if_last_seen_ms: 200 }).state).toBe('gone');
  });
});
