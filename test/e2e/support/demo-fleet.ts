import { heartbeat } from '../../../core/agents/index.ts';
import { createHandoff } from '../../../core/handoffs/index.ts';
import { acquireLease } from '../../../core/leases/index.ts';
import { ack, post, request } from '../../../core/rooms/index.ts';
import { parseRoomRef } from '../../../core/rooms/room-ref.ts';
import { startRun } from '../../../core/runs/index.ts';
import { publishUnsettled } from '../../../core/unsettled/index.ts';
import { initDirectory } from '../../../core/root.ts';

/**
 * A realistic small fleet written through the core library, as agents would: agents with
 * heartbeats (one silent long enough to read as crashed), leases (healthy, expiring soon, stale,
 * one with a long path), rooms with a conversation, a consumer cursor and an unanswered request,
 * runs (one resumed after a crash), pending handoffs and one pipeline's unsettled work.
 * Used for the screenshots and as the base of the end-to-end scenarios.
 */
export function seedDemoFleet(dir: string): { tokens: Record<string, string> } {
  const now = Date.now();
  initDirectory(dir, 'demo');
  const tokens: Record<string, string> = {};

  heartbeat(dir, 'builder-1', { name: 'Builder', current: { task: 'parser rewrite' }, now });
  heartbeat(dir, 'builder-2', {
    name: 'Builder 2',
    current: { run_id: 'build-42' },
    now: now - 4_000,
  });
  heartbeat(dir, 'reviewer', { name: 'Reviewer', now: now - 1_500 });
  // Silent for two minutes with a 45 s timeout: crashed (pid of this process is alive, so the
  // reap rule must come from the timeout; use a pid that cannot exist to make it unambiguous).
  heartbeat(dir, 'tester-3', { name: 'Tester', now: now - 120_000, pid: 2 ** 22 + 17 });

  const take = (resource: string, owner: string, ttl: number, reason?: string) => {
    const r = acquireLease(dir, resource, {
      ttl_ms: ttl,
      owner: { id: owner, agent: owner },
      ...(reason ? { reason } : {}),
    });
    if (!r.acquired) throw new Error(`demo: could not take ${resource}: ${r.message}`);
    tokens[resource] = r.token;
    return r;
  };
  take('src/parser.ts', 'builder-1', 600_000, 'rewriting the tokenizer');
  take('src/app.ts', 'builder-2', 45_000);
  take(
    'packages/web/src/components/settings/notifications/NotificationPreferencesPanel.tsx',
    'builder-1',
    900_000,
  );
  take('docs/architecture.md', 'reviewer', 1_200_000);
  // Stale: a TTL of 0 expires at once (the holder crashed without releasing).
  take('src/legacy/auth.ts', 'tester-3', 0, 'migrating the session store');

  const general = parseRoomRef('session/s1/general');
  post(dir, general, {
    kind: 'status',
    from: 'builder-1',
    body: 'Starting on the parser rewrite: tokenizer first, then the AST.',
  });
  post(dir, general, { kind: 'claim', from: 'builder-1', body: 'Claiming src/parser.ts' });
  post(dir, general, {
    kind: 'finding',
    from: 'tester-3',
    body: 'Session store migration breaks two login tests',
  });
  const second = post(dir, general, {
    kind: 'status',
    from: 'builder-2',
    body: 'Build 42 running: lint and unit tests',
  });
  post(dir, general, {
    kind: 'decision',
    from: 'reviewer',
    body: 'Keep the legacy auth path until the migration lands',
  });
  ack(dir, general, 'reviewer', second.cursor);
  request(dir, general, 'reviewer', {
    from: 'builder-1',
    body: 'Can you review the tokenizer change before I start the AST?',
  });
  const planning = parseRoomRef('workspace/repo-a/planning');
  post(dir, planning, { kind: 'fact', from: 'builder-2', body: 'CI takes 6 minutes on main' });

  const run = startRun(dir, 'build-42', {
    worker_id: 'builder-2',
    workflow_id: 'ci',
    lease_ttl_ms: 600_000,
    input: { ref: 'main' },
  });
  run.commitCheckpoint('checkout', { sha: 'a1b2c3d' });
  run.commitCheckpoint('install', { packages: 412 });
  run.commitCheckpoint('lint', { problems: 0 });
  const done = startRun(dir, 'docs-7', {
    worker_id: 'reviewer',
    workflow_id: 'docs',
    lease_ttl_ms: 60_000,
  });
  done.commitCheckpoint('render', { pages: 12 });
  done.finish('succeeded', { output: { pages: 12, warnings: 0 } });
  const failed = startRun(dir, 'migrate-3', {
    worker_id: 'tester-3',
    workflow_id: 'migration',
    lease_ttl_ms: 60_000,
  });
  failed.commitCheckpoint('backup', { rows: 1200 });
  failed.finish('failed', { error: { message: 'unique constraint violated on sessions.token' } });

  createHandoff(dir, {
    from: 'builder-1',
    to: 'reviewer',
    message: 'Tokenizer rewrite ready for review',
    artifact: 'src/parser.ts',
    room: 'session/s1/general',
    deadline_ms: now + 30 * 60_000,
  });
  createHandoff(dir, {
    from: 'tester-3',
    to: 'builder-2',
    message: 'Login tests failing after the session migration; please take over',
    room: 'session/s1/general',
    run_id: 'migrate-3',
  });

  publishUnsettled(dir, 'nightly', {
    suspended_subagents: [{ id: 'sub-1', queued_at_ms: now - 600_000 }],
    queued_triggers: [
      { id: 'trigger://cron/1', queued_at_ms: now - 90_000 },
      { id: 'trigger://cron/2', queued_at_ms: now - 30_000 },
    ],
    partial_handoffs: [
      {
        envelope_id: 'env-7',
        from: 'planner',
        to: 'builder-1',
        payload_summary: 'half-finished refactor plan',
        queued_at_ms: now - 1_800_000,
      },
    ],
    in_flight_llm_calls: [],
    pool_pending_tasks: [{ id: 'task-9', queued_at_ms: now - 5_000 }],
  });
  return { tokens };
}
