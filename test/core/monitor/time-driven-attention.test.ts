import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { initDirectory } from '../../../core/root.ts';
import { actor, openMonitor, type Harness } from './monitor-harness.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('monitor-time');
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('time-driven attention', () => {
  it('raises every threshold item when its time comes, with no file event, and clears on the fix', async () => {
    const dir = tempDir();
    initDirectory(dir);
    const T = 2500;
    // The monitor watches from the start: every item becomes due after the writes that cause it.
    harness = await openMonitor(dir, {
      thresholds: { request_unanswered_ms: T, unsettled_old_ms: T, barrier_stuck_ms: T },
    });
    const base = Date.now();
    const results = await actor(dir, [
      { op: 'heartbeat', id: 'a1', pid: process.pid },
      { op: 'heartbeat', id: 'b1', pid: process.pid },
      { op: 'handoff', from: 'a1', to: 'b1', message: 'please review', deadline_ms: base + T },
      { op: 'request', room: 'task/t1/plan', body: 'can I merge?', from: 'a1', to: 'b1' },
      {
        op: 'unsettled',
        pipeline: 'ingest',
        buckets: { queued_triggers: [{ id: 'q1', queued_at_ms: base }] },
      },
      { op: 'arrive', barrier: 'green', agent: 'a1' },
      { op: 'run', run_id: 'r1', worker_id: 'w1', lease_ttl_ms: T, steps: ['fetch'] },
    ]);
    const kinds = [
      'handoff_overdue',
      'request_unanswered',
      'unsettled_old',
      'barrier_stuck',
      'orphaned_run',
    ];
    const later = await harness.until(
      (s) => kinds.every((k) => s.attention.some((a) => a.kind === k)),
      10_000,
      'all threshold items',
    );
    expect(later.runs[0]).toMatchObject({ orphaned: true, lease_state: 'stale' });
    // One story for the orphaned run: no second item telling the operator to release its lease.
    expect(later.attention.some((a) => a.subject.key === 'runs/r1/lease.lock.d')).toBe(false);
    // The unsettled item cites the queued trigger: nothing to acknowledge for it.
    const unsettledItem = later.attention.find((a) => a.kind === 'unsettled_old');
    expect(unsettledItem?.action).toBeUndefined();
    expect(unsettledItem?.advice).toContain('queued trigger q1');
    expect(later.attention.find((a) => a.kind === 'barrier_stuck')?.evidence).toContainEqual({
      label: 'active agents not arrived',
      value: 'b1 (active)',
    });
    // Each item arrived in a delta sent no earlier than the moment it became due.
    for (const kind of kinds) {
      const item = later.attention.find((a) => a.kind === kind)!;
      const delta = harness.deltas.find((d) =>
        d.changes.some((c) => c.op === 'upsert' && c.entity === 'attention' && c.key === item.key),
      );
      expect(delta, `${kind}: no delta carried ${item.key}`).toBeDefined();
      expect(delta!.server_time_ms, `${kind}: ${JSON.stringify(item)}`).toBeGreaterThanOrEqual(
        item.since_ms,
      );
    }
    // Fix two of them: a reply settles the request, b1's arrival completes the barrier.
    const requestId = (results[3] as { id: string }).id;
    const replied = await harness.client.postMessage({
      room: 'task/t1/plan',
      body: 'yes',
      reply_to: requestId,
    });
    expect(replied.ok, replied.message).toBe(true);
    await actor(dir, [{ op: 'arrive', barrier: 'green', agent: 'b1' }]);
    const fixed = await harness.until(
      (s) =>
        !s.attention.some((a) => a.kind === 'request_unanswered' || a.kind === 'barrier_stuck'),
      5000,
      'request and barrier cleared',
    );
    expect(fixed.attention.some((a) => a.kind === 'handoff_overdue')).toBe(true);
  });

  it('marks an agent crashed as soon as its process dies on this host (safety poll, no file event)', async () => {
    const dir = tempDir();
    initDirectory(dir);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await actor(dir, [{ op: 'heartbeat', id: 'doomed', pid: child.pid, timeout_ms: 600_000 }]);
    harness = await openMonitor(dir);
    expect((await harness.snapshot()).agents[0]?.liveness).toBe('active');
    child.kill('SIGKILL');
    await exited;
    const t0 = Date.now();
    await harness.until((s) => s.agents[0]?.liveness === 'crashed', 3000, 'crashed by pid');
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
