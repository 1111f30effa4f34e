import { describe, expect, it } from 'vitest';
import { AgentRegistry } from '../../../core/agents/registry.ts';
import type { SerializedRegistry } from '../../../core/agents/agent-schema.ts';
import { BatonError } from '../../../core/errors.ts';

// The seed's (harn-hostlib AgentRegistry) test cases first, then the rest of its semantics.
describe('AgentRegistry: the seed cases', () => {
  it('keeps an agent active across heartbeats and records the last one', () => {
    const reg = new AgentRegistry();
    const id = reg.register('editor', 1_000);
    expect(reg.get(id)?.state).toBe('active');
    reg.heartbeat(id, 5_000);
    expect(reg.get(id)).toMatchObject({ last_seen_ms: 5_000, state: 'active' });
  });

  it('reaps a silent agent to crashed and drops its locks', () => {
    const reg = new AgentRegistry();
    const id = reg.register('editor', 0);
    expect(reg.tryLock(id, 'src/main.rs', undefined, 0)).toBe(true);
    reg.reap(60_000); // 60 s later: past the 45 s timeout
    const info = reg.get(id)!;
    expect(info.state).toBe('crashed');
    expect(info.locked_paths.size).toBe(0);
    expect(reg.lockHolder('src/main.rs', 60_000)).toBeUndefined();
  });

  it('blocks other agents until the lock expires, then hands it over', () => {
    const reg = new AgentRegistry();
    const a = reg.register('a', 0);
    const b = reg.register('b', 0);
    expect(reg.tryLock(a, 'f.rs', 1_000, 0)).toBe(true);
    expect(reg.tryLock(b, 'f.rs', 1_000, 100)).toBe(false);
    expect(reg.tryLock(b, 'f.rs', 1_000, 5_000)).toBe(true);
    expect(reg.lockHolder('f.rs', 5_000)).toBe(b);
  });

  it('lets another agent lock at once after a release', () => {
    const reg = new AgentRegistry();
    const a = reg.register('a', 0);
    const b = reg.register('b', 0);
    reg.tryLock(a, 'x', undefined, 0);
    reg.releaseLock(a, 'x');
    expect(reg.tryLock(b, 'x', undefined, 100)).toBe(true);
  });

  it('resurrects a crashed agent on heartbeat', () => {
    const reg = new AgentRegistry();
    const id = reg.register('a', 0);
    reg.reap(60_000);
    expect(reg.get(id)?.state).toBe('crashed');
    reg.heartbeat(id, 70_000);
    expect(reg.get(id)?.state).toBe('active');
  });

  it('round-trips through the serialized form', () => {
    const reg = new AgentRegistry();
    const id = reg.register('editor', 100);
    reg.tryLock(id, 'src/main.rs', 1_000, 100);
    const restored = AgentRegistry.fromSnapshot(reg.config(), reg.snapshot());
    expect(restored.get(id)?.name).toBe('editor');
    expect(restored.get(id)?.locked_paths.get('src/main.rs')).toBe(1_100);
  });
});

describe('AgentRegistry: ids and next_id', () => {
  it('hands out ids from 1 and moves next_id past an explicit id', () => {
    const reg = new AgentRegistry();
    expect(reg.nextId).toBe(1);
    expect(reg.register('a', 0)).toBe(1);
    expect(reg.registerWithId(10, 'ten', 0)).toBe(10);
    expect(reg.nextId).toBe(11);
    expect(reg.register('b', 0)).toBe(11);
    reg.registerWithId(3, 'three', 0); // below next_id: next_id stays
    expect(reg.nextId).toBe(12);
  });

  it('restores next_id as at least 1', () => {
    expect(AgentRegistry.fromSnapshot({}, { next_id: 0, agents: [] }).nextId).toBe(1);
    expect(AgentRegistry.fromSnapshot({}, { next_id: 7, agents: [] }).nextId).toBe(7);
  });

  it('restores next_id above every restored id, so new agents never reuse one', () => {
    const snap: SerializedRegistry = {
      next_id: 2,
      agents: [
        {
          id: 7,
          name: 'old',
          state: 'gone' as const,
          last_seen_ms: 0,
          edit_count: 3,
          locked_paths: {},
        },
      ],
    };
    const reg = AgentRegistry.fromSnapshot({}, snap);
    expect(reg.register('new', 0)).toBe(8);
    expect(reg.get(7)?.name).toBe('old');
  });

  it('registers an unknown id on heartbeat as agent-<id>', () => {
    const reg = new AgentRegistry();
    reg.heartbeat(42, 500);
    expect(reg.get(42)).toMatchObject({ name: 'agent-42', state: 'active', last_seen_ms: 500 });
    expect(reg.nextId).toBe(43);
  });

  it('refuses ids that are not non-negative safe integers', () => {
    const reg = new AgentRegistry();
    expect(() => reg.registerWithId(-1, 'x', 0)).toThrow(BatonError);
    expect(() => reg.registerWithId(1.5, 'x', 0)).toThrow(BatonError);
    expect(() => reg.registerWithId(Number.MAX_SAFE_INTEGER, 'x', 0)).toThrow(/below/);
  });

  it('serializes agents in id order with lowercase states and plain-object locks', () => {
    const reg = new AgentRegistry();
    reg.registerWithId(5, 'e', 0);
    reg.registerWithId(2, 'b', 0);
    reg.tryLock(2, 'p', 10, 0);
    reg.reap(50_000);
    reg.heartbeat(2, 50_000);
    expect(reg.snapshot()).toEqual({
      next_id: 6,
      agents: [
        {
          id: 2,
          name: 'b',
          state: 'active',
          last_seen_ms: 50_000,
          edit_count: 0,
          locked_paths: {},
        },
        { id: 5, name: 'e', state: 'crashed', last_seen_ms: 0, edit_count: 0, locked_paths: {} },
      ],
    });
  });
});

describe('AgentRegistry: edits, unregister, locks', () => {
  it('counts edits and refreshes last_seen; ignores unknown ids', () => {
    const reg = new AgentRegistry();
    const id = reg.register('a', 0);
    reg.noteEdit(id, 10);
    reg.noteEdit(id, 20);
    expect(reg.get(id)).toMatchObject({ edit_count: 2, last_seen_ms: 20 });
    reg.noteEdit(99, 30);
    expect(reg.get(99)).toBeUndefined();
  });

  it('forgets an unregistered agent and frees its locks', () => {
    const reg = new AgentRegistry();
    const a = reg.register('a', 0);
    const b = reg.register('b', 0);
    reg.tryLock(a, 'x', undefined, 0);
    reg.unregister(a);
    expect(reg.get(a)).toBeUndefined();
    expect(reg.agents().map((agent) => agent.id)).toEqual([b]);
    expect(reg.tryLock(b, 'x', undefined, 1)).toBe(true);
    reg.unregister(12345); // no-op
  });

  it('lets the holder re-lock to extend its lock', () => {
    const reg = new AgentRegistry();
    const a = reg.register('a', 0);
    expect(reg.tryLock(a, 'x', 1_000, 0)).toBe(true);
    expect(reg.tryLock(a, 'x', 1_000, 500)).toBe(true);
    expect(reg.get(a)?.locked_paths.get('x')).toBe(1_500);
  });

  it('registers an unknown caller of tryLock and uses the default TTL', () => {
    const reg = new AgentRegistry({ default_lock_ttl_ms: 2_000 });
    expect(reg.tryLock(9, 'x', undefined, 100)).toBe(true);
    expect(reg.get(9)).toMatchObject({ name: 'agent-9', last_seen_ms: 100 });
    expect(reg.get(9)?.locked_paths.get('x')).toBe(2_100);
  });

  it('treats a lock expiring exactly now as free', () => {
    const reg = new AgentRegistry();
    const a = reg.register('a', 0);
    const b = reg.register('b', 0);
    reg.tryLock(a, 'x', 1_000, 0);
    expect(reg.lockHolder('x', 999)).toBe(a);
    expect(reg.lockHolder('x', 1_000)).toBeUndefined();
    expect(reg.tryLock(b, 'x', 1_000, 1_000)).toBe(true);
  });

  it('reaps only past the timeout, and only active agents', () => {
    const reg = new AgentRegistry({ agent_timeout_ms: 1_000 });
    const a = reg.register('a', 0);
    reg.reap(1_000); // exactly the timeout: still active
    expect(reg.get(a)?.state).toBe('active');
    reg.reap(1_001);
    expect(reg.get(a)?.state).toBe('crashed');
    reg.reap(9_999); // idempotent
    expect(reg.get(a)?.state).toBe('crashed');
  });

  it('does not count locks of crashed or gone agents restored from a snapshot', () => {
    const snap: SerializedRegistry = {
      next_id: 3,
      agents: [
        {
          id: 1,
          name: 'c',
          state: 'crashed' as const,
          last_seen_ms: 0,
          edit_count: 0,
          locked_paths: { x: 10_000 },
        },
        {
          id: 2,
          name: 'g',
          state: 'gone' as const,
          last_seen_ms: 0,
          edit_count: 0,
          locked_paths: { y: 10_000 },
        },
      ],
    };
    const reg = AgentRegistry.fromSnapshot({}, snap);
    expect(reg.lockHolder('x', 1)).toBeUndefined();
    expect(reg.lockHolder('y', 1)).toBeUndefined();
    expect(reg.tryLock(3, 'x', undefined, 1)).toBe(true);
  });

  it('revives a gone or crashed agent on heartbeat without its stale locks', () => {
    const snap: SerializedRegistry = {
      next_id: 2,
      agents: [
        {
          id: 1,
          name: 'g',
          state: 'gone' as const,
          last_seen_ms: 0,
          edit_count: 4,
          locked_paths: { x: 99_000 },
        },
      ],
    };
    const reg = AgentRegistry.fromSnapshot({}, snap);
    reg.heartbeat(1, 10);
    expect(reg.get(1)).toMatchObject({ state: 'active', edit_count: 4, last_seen_ms: 10 });
    expect(reg.get(1)?.locked_paths.size).toBe(0);
  });

  it('revives a crashed caller of tryLock, so its new lock counts', () => {
    const reg = new AgentRegistry();
    const a = reg.register('a', 0);
    reg.reap(60_000);
    expect(reg.tryLock(a, 'x', undefined, 60_000)).toBe(true);
    expect(reg.get(a)?.state).toBe('active');
    expect(reg.lockHolder('x', 60_001)).toBe(a);
  });

  it('hands out copies: changing one does not change the registry', () => {
    const reg = new AgentRegistry();
    const a = reg.register('a', 0);
    reg.tryLock(a, 'x', undefined, 0);
    reg.get(a)!.locked_paths.clear();
    expect(reg.get(a)?.locked_paths.size).toBe(1);
  });
});
