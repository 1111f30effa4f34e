import { describe, expect, it } from 'vitest';
import {
  classifyPath,
  isIgnoredPath,
  isLayoutDirectory,
} from '../../../core/monitor/classify-path.ts';

const root = '/coord';
const c = (rel: string) => classifyPath(root, `${root}/${rel}`);

describe('classifyPath', () => {
  it('maps every record family of the layout to its entity', () => {
    expect(c('baton.json')).toEqual({ kind: 'root' });
    expect(c('locks/src/a.ts.lock.d/owner.json')).toEqual({
      kind: 'lease',
      key: 'locks/src/a.ts.lock.d',
      resource: 'src/a.ts',
      lock_path: '/coord/locks/src/a.ts.lock.d',
    });
    expect(c('locks/src/a.ts.lock.d')).toMatchObject({
      kind: 'lease',
      key: 'locks/src/a.ts.lock.d',
    });
    expect(c('agents/builder-1.json')).toEqual({ kind: 'agent', id: 'builder-1' });
    expect(c('rooms/task/t1/plan.jsonl')).toEqual({
      kind: 'room',
      key: 'task/t1/plan',
      scope: 'task',
      scope_id: 't1',
      room: 'plan',
    });
    expect(c('rooms/task/t1/plan.consumers/b.json')).toEqual({
      kind: 'cursor',
      room_key: 'task/t1/plan',
      consumer: 'b',
    });
    expect(c('runs/r1/run.json')).toEqual({ kind: 'run', run_id: 'r1' });
    expect(c('runs/r1/checkpoints.jsonl')).toEqual({ kind: 'checkpoints', run_id: 'r1' });
    expect(c('runs/r1/lease.lock.d/owner.json')).toEqual({
      kind: 'lease',
      key: 'runs/r1/lease.lock.d',
      resource: 'runs/r1',
      lock_path: '/coord/runs/r1/lease.lock.d',
    });
    expect(c('handoffs/pending/h1.json')).toEqual({ kind: 'handoff', id: 'h1' });
    expect(c('handoffs/accepted/h1.decision.json')).toEqual({ kind: 'handoff', id: 'h1' });
    expect(c('barriers/green/a1.json')).toEqual({ kind: 'barrier', name: 'green' });
    // Declarations of whom the barrier expects, and their folder.
    expect(c('barriers/green/expected')).toEqual({ kind: 'barrier', name: 'green' });
    expect(c('barriers/green/expected/coord.json')).toEqual({ kind: 'barrier', name: 'green' });
    expect(c('barriers/green/other/coord.json')).toBeUndefined();
    expect(c('barriers/green/expected/x/coord.json')).toBeUndefined();
    expect(c('unsettled/ingest.json')).toEqual({ kind: 'unsettled', pipeline_id: 'ingest' });
    expect(c('audit/lifecycle.jsonl')).toEqual({ kind: 'audit', log: 'lifecycle' });
    expect(c('audit/operator.jsonl')).toEqual({ kind: 'audit', log: 'operator' });
  });

  it('reports directories that may hold entities as containers', () => {
    expect(c('locks/src')).toEqual({ kind: 'container', rel: 'locks/src' });
    expect(c('runs/r1')).toEqual({ kind: 'container', rel: 'runs/r1' });
    expect(c('rooms/task/t1')).toEqual({ kind: 'container', rel: 'rooms/task/t1' });
  });

  it('requires the containers of the layout to be directories, not lock namespaces', () => {
    for (const rel of [
      'agents',
      'locks',
      'runs/r1',
      'rooms/task/t1',
      'rooms/task/t1/plan.consumers',
      'handoffs/declined',
    ]) {
      expect(isLayoutDirectory(rel), rel).toBe(true);
    }
    for (const rel of ['', 'locks/src', 'locks/src/notes.txt']) {
      expect(isLayoutDirectory(rel), rel).toBe(false);
    }
  });

  it('ignores temporaries, tombstones, guards, id claims, strays and paths outside the root', () => {
    for (const rel of [
      'agents/a1.json.tmp-123-abcdef',
      'locks/a.ts.lock.d/owner.json.tmp-9-00ff',
      'locks/a.ts.lock.d.tomb-1a2b3c/owner.json',
      'locks/a.ts.lock.d.reap.d/owner.json',
      'audit/lifecycle.jsonl.guard',
      'rooms/task/t1/plan.consumers/b.guard',
      'rooms/task/t1/plan.ids/x.json',
    ]) {
      expect(isIgnoredPath(rel), rel).toBe(true);
      expect(c(rel), rel).toBeUndefined();
    }
    expect(c('rooms/team/t1/plan.jsonl')).toBeUndefined(); // not a scope
    expect(c('agents/readme.txt')).toBeUndefined();
    expect(c('registry/main.json')).toBeUndefined();
    expect(c('audit/other.jsonl')).toBeUndefined();
    expect(classifyPath(root, '/elsewhere/agents/a.json')).toBeUndefined();
  });
});
