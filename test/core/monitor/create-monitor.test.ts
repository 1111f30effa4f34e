import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initDirectory } from '../../../core/root.ts';
import {
  actor,
  assertContinuous,
  changesOf,
  openMonitor,
  type Harness,
} from './monitor-harness.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('monitor-engine');
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('createMonitor', () => {
  it('shows state written by agent processes in the model and in deltas with continuous seqs', async () => {
    const dir = tempDir();
    initDirectory(dir);
    harness = await openMonitor(dir);
    const first = await harness.snapshot();
    expect(first.status.state).toBe('ready');
    expect(first.leases).toEqual([]);
    const now = Date.now();
    await actor(dir, [
      { op: 'heartbeat', id: 'a1', pid: process.pid },
      { op: 'heartbeat', id: 'b1', pid: process.pid },
      { op: 'acquire', resource: 'src/a.ts', owner: { id: 'a1', agent: 'a1' }, ttl_ms: 60_000 },
      { op: 'post', room: 'task/t1/plan', body: 'taking src/a.ts', from: 'a1', kind: 'claim' },
      { op: 'request', room: 'task/t1/plan', body: 'can you review?', from: 'a1', to: 'b1' },
      { op: 'handoff', from: 'a1', to: 'b1', message: 'parser done', deadline_ms: now + 3_600_000 },
      { op: 'arrive', barrier: 'green', agent: 'a1' },
      {
        op: 'unsettled',
        pipeline: 'ingest',
        buckets: { queued_triggers: [{ id: 't1', queued_at_ms: now }] },
      },
      { op: 'run', run_id: 'r1', worker_id: 'w1', lease_ttl_ms: 60_000, steps: ['fetch', 'parse'] },
    ]);
    const s = await harness.until(
      (x) =>
        x.leases.length === 2 &&
        x.rooms.length >= 2 &&
        x.runs.length === 1 &&
        x.handoffs.length === 1 &&
        x.unsettled.length === 1 &&
        x.barriers.length === 1 &&
        x.agents.length === 2,
      8000,
      'the fleet in the model',
    );
    expect(s.leases.find((l) => l.key === 'locks/src/a.ts.lock.d')).toMatchObject({
      state: 'active',
      holder: 'a1',
      holder_liveness: 'active',
    });
    expect(s.agents.find((a) => a.id === 'a1')?.held_leases).toEqual(['src/a.ts']);
    expect(s.runs[0]).toMatchObject({
      run_id: 'r1',
      status: 'running',
      attempt: 1,
      lease_state: 'active',
      orphaned: false,
      checkpoint_count: 2,
      last_step_id: 'parse',
    });
    expect(s.leases.find((l) => l.key === 'runs/r1/lease.lock.d')).toMatchObject({
      run_id: 'r1',
      holder: 'w1',
    });
    expect(s.handoffs[0]).toMatchObject({ state: 'pending', from: 'a1', to: 'b1' });
    expect(s.barriers[0]).toMatchObject({ name: 'green', arrived: [{ agent: 'a1' }] });
    expect(s.unsettled[0]).toMatchObject({ pipeline_id: 'ingest', counts: { queued: 1 } });
    const plan = s.rooms.find((r) => r.key === 'task/t1/plan');
    expect(plan?.size_bytes).toBe(fs.statSync(path.join(dir, 'rooms/task/t1/plan.jsonl')).size);
    // Every entity kind arrived as a delta, in consecutive seqs after the first snapshot.
    for (const entity of ['lease', 'agent', 'room', 'run', 'handoff', 'barrier', 'unsettled']) {
      expect(changesOf(harness.deltas, entity).length, entity).toBeGreaterThan(0);
    }
    assertContinuous(harness.deltas, first.seq);
    expect(harness.deltas.at(-1)!.seq).toBe(s.seq);
    expect(harness.errors).toEqual([]);
  });

  it('turns a lease stale and raises attention from its deadline, with no file event', async () => {
    const dir = tempDir();
    initDirectory(dir);
    await actor(dir, [
      { op: 'heartbeat', id: 'a1', timeout_ms: 60_000, pid: process.pid },
      // Long enough to still be active once the monitor is open on a loaded CI machine.
      { op: 'acquire', resource: 'build/out', owner: { id: 'a1', agent: 'a1' }, ttl_ms: 3000 },
    ]);
    harness = await openMonitor(dir);
    const start = await harness.snapshot();
    expect(start.leases[0]?.state).toBe('active');
    expect(start.attention).toEqual([]);
    const files = snapshotTree(dir);
    const after = await harness.until((s) => s.leases[0]?.state === 'stale', 8000, 'lease stale');
    expect(snapshotTree(dir)).toEqual(files); // nothing on disk changed: the deadline did it
    expect(after.attention.map((a) => a.kind)).toEqual(['stale_lease']);
    const staleDelta = harness.deltas.find((d) =>
      d.changes.some(
        (c) =>
          c.entity === 'lease' &&
          c.op === 'upsert' &&
          (c.value as { state: string }).state === 'stale',
      ),
    );
    expect(staleDelta?.changes.some((c) => c.entity === 'attention' && c.op === 'upsert')).toBe(
      true,
    );
    const expiry = start.leases[0]!.record!.expires_at_ms;
    expect(staleDelta!.server_time_ms).toBeGreaterThanOrEqual(expiry);
    // At the deadline, give or take a busy event loop (the machines that run CI are shared).
    expect(staleDelta!.server_time_ms - expiry).toBeLessThan(1000);
  });

  it('marks an agent crashed at last_seen + timeout and flags the leases it still holds', async () => {
    const dir = tempDir();
    initDirectory(dir);
    await actor(dir, [
      { op: 'heartbeat', id: 'a1', timeout_ms: 800, pid: process.pid },
      { op: 'acquire', resource: 'db/schema', owner: { id: 'a1', agent: 'a1' }, ttl_ms: 60_000 },
    ]);
    harness = await openMonitor(dir);
    expect((await harness.snapshot()).agents[0]?.liveness).toBe('active');
    const s = await harness.until(
      (x) => x.agents[0]?.liveness === 'crashed',
      4000,
      'agent crashed',
    );
    expect(s.leases[0]).toMatchObject({ state: 'active', holder_liveness: 'crashed' });
    expect(s.attention[0]).toMatchObject({ kind: 'crashed_agent_holding', severity: 'critical' });
  });

  it('reports bad files as diagnostics, keeps going, and clears them when fixed', async () => {
    const dir = tempDir();
    initDirectory(dir);
    harness = await openMonitor(dir);
    await actor(dir, [
      { op: 'heartbeat', id: 'good', pid: process.pid },
      { op: 'write', path: 'locks/x.lock.d/owner.json', content: 'garbage{' },
      {
        op: 'write',
        path: 'runs/r9/run.json',
        content: '{"schema":"baton.run.v1","run_id":"r9","wor',
      },
      {
        op: 'write',
        path: 'agents/future.json',
        content: JSON.stringify({ schema: 'baton.agent.v9', id: 'future' }),
      },
      { op: 'write', path: 'unsettled/p.json', content: '[]' },
      { op: 'post', room: 'task/t1/plan', body: 'before', from: 'a1' },
    ]);
    const room = path.join(dir, 'rooms/task/t1/plan.jsonl');
    const badAt = fs.statSync(room).size;
    fs.appendFileSync(room, '{"schema":"harn.coordination.message.v1","id":"cut\n');
    await actor(dir, [{ op: 'post', room: 'task/t1/plan', body: 'after', from: 'a1' }]);
    const s = await harness.until(
      (x) => x.diagnostics.length >= 5 && x.rooms[0]?.message_count === 2,
      8000,
      'five diagnostics',
    );
    const byPath = Object.fromEntries(s.diagnostics.map((d) => [d.path, d.reason]));
    expect(byPath).toMatchObject({
      'locks/x.lock.d/owner.json': 'malformed',
      'runs/r9/run.json': 'malformed',
      'agents/future.json': 'unsupported',
      'unsettled/p.json': 'malformed',
      'rooms/task/t1/plan.jsonl': 'malformed',
    });
    // The corrupt room line is skipped with its byte offset; the lines around it count.
    expect(s.diagnostics.find((d) => d.path === 'rooms/task/t1/plan.jsonl')?.offset).toBe(badAt);
    expect(s.leases.find((l) => l.key === 'locks/x.lock.d')?.state).toBe('malformed');
    expect(s.agents.find((a) => a.id === 'good')?.liveness).toBe('active');
    expect(s.attention.filter((a) => a.kind === 'unreadable_file').length).toBeGreaterThanOrEqual(
      4,
    );
    // Fixing or deleting a file removes its diagnostic.
    fs.rmSync(path.join(dir, 'agents/future.json'));
    fs.rmSync(path.join(dir, 'locks/x.lock.d'), { recursive: true });
    const fixed = await harness.until(
      (x) =>
        !x.diagnostics.some((d) => d.path === 'agents/future.json' || d.path.startsWith('locks/')),
      5000,
      'diagnostics cleared',
    );
    expect(fixed.attention.some((a) => a.subject.key === 'agents/future.json')).toBe(false);
    expect(harness.errors).toEqual([]);
  });

  it('is unavailable with a plain message while the directory is missing, and recovers when it appears', async () => {
    const dir = path.join(tempDir(), 'not-yet');
    harness = await openMonitor(dir);
    const s = await harness.snapshot();
    expect(s.status.state).toBe('unavailable');
    expect(s.status.message).toContain('does not exist');
    expect(fs.existsSync(dir)).toBe(false); // never created by the monitor
    const refused = await harness.client.releaseLease({
      resource_path: 'a',
      force: true,
      reason: 'x',
    });
    expect(refused.ok).toBe(false);
    expect(fs.existsSync(dir)).toBe(false);
    initDirectory(dir);
    await actor(dir, [{ op: 'heartbeat', id: 'a1', pid: process.pid }]);
    const back = await harness.until(
      (x) => x.status.state === 'ready' && x.agents.length === 1,
      5000,
      'recovery',
    );
    expect(back.status.message).toBeUndefined();
    expect(harness.deltas.some((d) => d.status?.state === 'ready')).toBe(true);
    // A subscriber that only follows deltas learns the recovered state too.
    expect(changesOf(harness.deltas, 'agent').map((c) => c.key)).toContain('a1');
    // Gone while watched (moved away, unmounted): unavailable again, the last known state kept
    // (the UI shows it marked stale) rather than every entity removed.
    fs.renameSync(dir, `${dir}-moved`);
    const gone = await harness.until(
      (x) => x.status.state === 'unavailable',
      5000,
      'unavailable again',
    );
    expect(gone.agents.map((a) => a.id)).toEqual(['a1']);
    expect(gone.status.message).toContain('does not exist');
    fs.rmSync(`${dir}-moved`, { recursive: true, force: true });
    initDirectory(dir);
    const empty = await harness.until(
      (x) => x.status.state === 'ready' && x.agents.length === 0,
      5000,
      'recovered empty',
    );
    expect(empty.leases).toEqual([]);
  });

  it('follows changes in polling mode', async () => {
    const dir = tempDir();
    initDirectory(dir);
    harness = await openMonitor(dir, { watch: 'polling' });
    expect(harness.monitor.status().watching).toBe('polling');
    await actor(dir, [{ op: 'heartbeat', id: 'p1', pid: process.pid }]);
    await harness.until((x) => x.agents.some((a) => a.id === 'p1'), 5000, 'agent seen by polling');
  });

  it('a barrier declaring whom it expects: expected and missing in its view, a warning at once for a crashed expected agent', async () => {
    const dir = tempDir();
    initDirectory(dir);
    harness = await openMonitor(dir);
    const now = Date.now();
    await actor(dir, [
      { op: 'heartbeat', id: 'a1', pid: process.pid },
      { op: 'heartbeat', id: 'b1', pid: process.pid },
      // c1 stopped heartbeating long ago: crashed.
      { op: 'heartbeat', id: 'c1', now: now - 600_000, timeout_ms: 1_000 },
      { op: 'expect', barrier: 'green', by: 'coord', agents: ['a1', 'b1', 'c1'] },
      { op: 'arrive', barrier: 'green', agent: 'a1' },
    ]);
    const s = await harness.until(
      (x) => x.attention.some((a) => a.kind === 'barrier_stuck'),
      8000,
      'barrier_stuck for the crashed c1',
    );
    expect(s.barriers[0]).toMatchObject({
      name: 'green',
      expected: ['a1', 'b1', 'c1'],
      missing: ['b1', 'c1'],
      complete: false,
      declared_by: ['coord'],
    });
    const item = s.attention.find((a) => a.kind === 'barrier_stuck')!;
    expect(item.severity).toBe('warning');
    expect(item.evidence).toContainEqual({ label: 'missing', value: 'b1 (active), c1 (crashed)' });
    await actor(dir, [
      { op: 'arrive', barrier: 'green', agent: 'b1' },
      { op: 'arrive', barrier: 'green', agent: 'c1' },
    ]);
    const done = await harness.until(
      (x) =>
        x.barriers[0]?.complete === true && !x.attention.some((a) => a.kind === 'barrier_stuck'),
      8000,
      'the barrier complete and the item gone',
    );
    expect(done.barriers[0]?.missing).toEqual([]);
    expect(harness.errors).toEqual([]);
  });
});

/** Every file under dir with its size and mtime (to prove nothing was written). */
function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = fs.statSync(p);
        out[path.relative(dir, p)] = `${st.size}:${st.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return out;
}
