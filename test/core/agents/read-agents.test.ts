import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heartbeat } from '../../../core/agents/heartbeat.ts';
import { listAgents, readAgent } from '../../../core/agents/read-agents.ts';
import { unregisterAgent } from '../../../core/agents/unregister-agent.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('agents-read');
const alive = () => true;
const agentsDir = () => path.join(dir(), 'agents');

function writeRaw(name: string, text: string): string {
  fs.mkdirSync(agentsDir(), { recursive: true });
  const file = path.join(agentsDir(), name);
  fs.writeFileSync(file, text);
  return file;
}

describe('readAgent', () => {
  it('is undefined for an agent without a record', () => {
    expect(readAgent(dir(), 'ghost')).toBeUndefined();
  });

  it('derives liveness and held paths at the given time', () => {
    heartbeat(dir(), 'a', { now: 0 });
    const file = path.join(agentsDir(), 'a.json');
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    record.locked_paths = { 'src/x.ts': 20_000, 'src/y.ts': 5_000 };
    fs.writeFileSync(file, JSON.stringify(record));
    expect(readAgent(dir(), 'a', { now: 10_000, isPidAlive: alive })).toMatchObject({
      id: 'a',
      liveness: 'active',
      held_paths: { 'src/x.ts': 20_000 },
    });
    expect(readAgent(dir(), 'a', { now: 46_000, isPidAlive: alive })).toMatchObject({
      liveness: 'crashed',
      held_paths: {},
    });
  });

  it('uses the real pid check by default', () => {
    heartbeat(dir(), 'me', { pid: process.pid });
    expect(readAgent(dir(), 'me')?.liveness).toBe('active');
  });

  it('returns a diagnostic, not an exception, for a bad record', () => {
    const file = writeRaw('bad.json', '{"schema":"baton.agent.v1"');
    const view = readAgent(dir(), 'bad');
    expect(view).toMatchObject({ id: 'bad', liveness: 'crashed', held_paths: {} });
    expect(view?.diagnostic).toMatchObject({ path: file, reason: 'malformed' });
    expect(view?.record).toBeUndefined();
  });

  it('rejects an invalid id', () => {
    expect(() => readAgent(dir(), '../etc')).toThrow(/agent id/);
  });
});

describe('listAgents', () => {
  it('lists as empty when there is no agents directory', () => {
    expect(listAgents(dir())).toEqual({ agents: [], diagnostics: [] });
  });

  it('lists every agent by id with liveness, active, crashed and gone', () => {
    heartbeat(dir(), 'c-live', { now: 50_000, host: 'h' });
    heartbeat(dir(), 'a-silent', { now: 0, host: 'h' });
    heartbeat(dir(), 'b-gone', { now: 50_000, host: 'h' });
    unregisterAgent(dir(), 'b-gone');
    const { agents, diagnostics } = listAgents(dir(), { now: 60_000, isPidAlive: alive });
    expect(diagnostics).toEqual([]);
    expect(agents.map((a) => [a.id, a.liveness])).toEqual([
      ['a-silent', 'crashed'],
      ['b-gone', 'gone'],
      ['c-live', 'active'],
    ]);
  });

  it('reports unreadable, malformed, unsupported and misnamed records and keeps the rest', () => {
    heartbeat(dir(), 'good', { now: 0 });
    const malformed = writeRaw('torn.json', '{"schema":');
    const wrongShape = writeRaw(
      'shape.json',
      JSON.stringify({ schema: 'baton.agent.v1', id: 'shape' }),
    );
    const unsupported = writeRaw(
      'future.json',
      JSON.stringify({ schema: 'baton.agent.v9', id: 'future' }),
    );
    const misnamed = writeRaw(
      'alias.json',
      fs.readFileSync(path.join(agentsDir(), 'good.json'), 'utf8'),
    );
    const badName = writeRaw('bad name.json', '{}');
    const asDir = path.join(agentsDir(), 'folder.json');
    fs.mkdirSync(asDir);
    writeRaw('notes.txt', 'ignored');
    writeRaw('good.json.tmp-123-abcdef', 'half-written');
    const { agents, diagnostics } = listAgents(dir(), { now: 1, isPidAlive: alive });
    expect(agents.map((a) => a.id)).toEqual(['good']);
    const byPath = Object.fromEntries(diagnostics.map((d) => [d.path, d.reason]));
    expect(byPath).toEqual({
      [malformed]: 'malformed',
      [wrongShape]: 'malformed',
      [unsupported]: 'unsupported',
      [misnamed]: 'malformed',
      [badName]: 'malformed',
      [asDir]: 'unreadable',
    });
    expect(diagnostics.find((d) => d.path === misnamed)?.message).toMatch(/does not match/);
  });

  it('counts a live record from another host as alive (its pid cannot be checked)', () => {
    heartbeat(dir(), 'remote', { pid: 999_999_999, host: `${os.hostname()}-other` });
    heartbeat(dir(), 'local-dead', { pid: 999_999_999 });
    const { agents } = listAgents(dir());
    expect(agents.map((a) => [a.id, a.liveness])).toEqual([
      ['local-dead', 'crashed'],
      ['remote', 'active'],
    ]);
  });
});
