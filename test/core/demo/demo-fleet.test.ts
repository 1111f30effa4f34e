import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AttentionKindSchema, type AttentionKind } from '../../../core/api/views.ts';
import { startDemo, type DemoEvent } from '../../../core/demo/index.ts';
import { listAgents, type Message, type RunRecord } from '../../../core/index.ts';
import { createMonitor } from '../../../core/monitor/create-monitor.ts';
import { BATON_BIN, REPO_ROOT } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { inventory, type ParsedRecord } from './validate-records.ts';

const tmp = useTempDir('demo');

/** Agents load core first (about 0.6 s of CPU each, much longer on a loaded machine). */
const MAX_STARTUP_MS = 25_000;
/** Once all are up, the fleet runs at least this long, and until everything below was seen. */
const MIN_RUN_MS = 8000;
const MAX_RUN_MS = 25_000;
const ALL_ATTENTION = AttentionKindSchema.options;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const until = Date.now() + ms;
  let alive = pids.filter((p) => !isGone(p));
  while (alive.length > 0 && Date.now() < until) {
    await sleep(100);
    alive = alive.filter((p) => !isGone(p));
  }
  return alive;
}

/** The direct children of `pid` (pgrep exists on Linux and macOS). */
function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
}

const ofKind = <T>(records: ParsedRecord[], kind: ParsedRecord['kind']): T[] =>
  records.filter((r) => r.kind === kind).map((r) => r.value as T);

describe('demo fleet', () => {
  it('produces every kind of record and of attention item, and leaves no process behind', async () => {
    const dir = path.join(tmp(), 'coord');
    const events: DemoEvent[] = [];
    const demo = await startDemo({ dir, speed: 10, seed: 7, onEvent: (e) => events.push(e) });
    const monitor = await createMonitor({
      dir,
      dataDir: path.join(tmp(), 'monitor-data'),
      thresholds: demo.thresholds,
      pollIntervalMs: 250,
    });
    const seen = new Set<AttentionKind>();
    const happened = (kind: DemoEvent['kind']) => events.some((e) => e.kind === kind);
    const startup = Date.now();
    try {
      while (events.filter((e) => e.kind === 'agent_started').length < 7) {
        if (Date.now() - startup > MAX_STARTUP_MS) throw new Error('the agents did not start');
        await sleep(100);
      }
      const started = Date.now();
      for (;;) {
        const snapshot = await monitor.handlers.snapshot({});
        for (const item of snapshot.attention) seen.add(item.kind);
        const elapsed = Date.now() - started;
        const complete =
          ALL_ATTENTION.every((k) => seen.has(k)) &&
          (
            ['run_resumed', 'handoff_accepted', 'partial_acknowledged', 'barrier_arrived'] as const
          ).every((k) => happened(k));
        if ((complete && elapsed >= MIN_RUN_MS) || elapsed >= MAX_RUN_MS) break;
        await sleep(200);
      }
    } finally {
      await demo.stop();
      await monitor.close();
    }
    const summary = await demo.done;

    // Every attention kind the monitor knows showed up at least once.
    expect(ALL_ATTENTION.filter((k) => !seen.has(k))).toEqual([]);

    // No agent process is left: every pid the demo started is gone.
    expect(summary.pids.length).toBeGreaterThanOrEqual(7);
    expect(summary.crashes).toBeGreaterThanOrEqual(1);
    expect(summary.pids.filter((p) => !isGone(p))).toEqual([]);

    // Every file is a valid record, except the one the buggy legacy writer truncated.
    const { records, invalid, unknown } = inventory(dir);
    expect(unknown).toEqual([]);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatch(/^locks\/cache\/legacy-index\.lock\.d\/owner\.json: /);

    const count = (kind: ParsedRecord['kind']) => records.filter((r) => r.kind === kind).length;
    for (const kind of [
      'root',
      'lease',
      'agent',
      'registry',
      'run',
      'checkpoint',
      'message',
      'cursor',
    ] as const) {
      expect(count(kind), kind).toBeGreaterThan(0);
    }
    for (const kind of [
      'handoff',
      'handoff_decision',
      'barrier_arrival',
      'barrier_expectation',
      'unsettled',
      'lifecycle',
    ] as const) {
      expect(count(kind), kind).toBeGreaterThan(0);
    }

    // Leases: some are stale (left by crashed agents, or legacy-bot's).
    const now = Date.now();
    const owners = records
      .filter((r) => r.kind === 'lease' && r.rel.endsWith('/owner.json'))
      .map((r) => r.value as { expires_at_ms: number });
    expect(owners.some((l) => l.expires_at_ms <= now)).toBe(true);

    // Agents: at least one crashed (its pid is dead), and the rest left cleanly (gone).
    const agents = listAgents(dir).agents;
    expect(agents.some((a) => a.liveness === 'crashed')).toBe(true);
    expect(agents.some((a) => a.liveness === 'gone')).toBe(true);

    // Rooms: every kind the demo speaks, threads (replies) and broadcasts.
    const messages = ofKind<Message>(records, 'message');
    const kinds = new Set(messages.map((m) => m.kind));
    for (const kind of [
      'status',
      'claim',
      'request',
      'blocker',
      'decision',
      'fact',
      'handoff',
      'ack',
      'checkin',
      'done',
    ]) {
      expect(kinds.has(kind as Message['kind']), `message kind ${kind}`).toBe(true);
    }
    expect(messages.some((m) => m.reply_to !== undefined && m.kind !== 'ack')).toBe(true);
    expect(messages.some((m) => m.to === '*')).toBe(true);
    const rooms = new Set(records.filter((r) => r.kind === 'message').map((r) => r.rel));
    expect(rooms.size).toBeGreaterThanOrEqual(4);

    // Runs: checkpoints, and a run another agent resumed at attempt 2 or later.
    const runs = ofKind<RunRecord>(records, 'run');
    expect(runs.some((r) => r.attempt >= 2)).toBe(true);
    expect(runs.some((r) => r.status === 'succeeded')).toBe(true);

    // Handoffs: pending ones (the absent reviewer) and accepted ones (between live agents).
    const handoffDirs = new Set(
      records.filter((r) => r.kind === 'handoff').map((r) => r.rel.split('/')[1]),
    );
    expect(handoffDirs.has('pending')).toBe(true);
    expect(handoffDirs.has('accepted')).toBe(true);

    // Unsettled work with partial handoffs, some of them acknowledged in the lifecycle log.
    const unsettled = ofKind<{ envelope_seq?: number }>(records, 'unsettled');
    expect(unsettled.some((u) => (u.envelope_seq ?? 0) > 0)).toBe(true);
    const lifecycle = ofKind<{ kind: string }>(records, 'lifecycle');
    expect(lifecycle.some((e) => e.kind === 'handoff_acknowledged')).toBe(true);

    // The events told the story.
    for (const kind of [
      'agent_crashed',
      'run_resumed',
      'handoff_created',
      'handoff_accepted',
      'legacy_misbehaved',
    ] as const) {
      expect(happened(kind), kind).toBe(true);
    }
  }, 60_000);

  it('stops every agent when the process running the demo is killed', async () => {
    const dir = path.join(tmp(), 'coord');
    const parent = spawn(
      process.execPath,
      [BATON_BIN, 'demo', '--dir', dir, '--speed', '10', '--json', '--events'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const pids = new Set<number>();
    let buffered = '';
    let sawActivity = false;
    parent.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const event = JSON.parse(line) as DemoEvent;
        if (event.kind === 'agent_started' && event.pid !== undefined) pids.add(event.pid);
        if (event.kind === 'lease_acquired') sawActivity = true;
      }
    });
    try {
      // Kill it once the first agent works and every agent process exists: some may still be
      // loading core, which is a moment they must handle too.
      const until = Date.now() + 25_000;
      let children: number[] = [];
      while (Date.now() < until) {
        children = childPids(parent.pid!);
        if (sawActivity && children.length >= 7) break;
        await sleep(100);
      }
      for (const pid of children) pids.add(pid);
      expect(children.length).toBeGreaterThanOrEqual(7);
      expect(sawActivity).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
    // The agents notice (IPC channel closed, parent pid gone) and stop by themselves.
    // Every agent process counts: those it reported, and those its agents' records name.
    for (const agent of listAgents(dir).agents) {
      const pid = agent.record?.pid;
      if (pid !== undefined && agent.record?.host === os.hostname()) pids.add(pid);
    }
    const alive = await waitGone([...pids], 20_000);
    for (const pid of alive) process.kill(pid, 'SIGKILL'); // do not leak into other tests
    expect(alive).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'baton.json'))).toBe(true);
  }, 60_000);
});
