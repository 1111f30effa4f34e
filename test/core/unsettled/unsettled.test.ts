import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendLifecycleAudit, readLifecycleAudit } from '../../../core/audit/lifecycle-audit.ts';
import { layout } from '../../../core/layout.ts';
import {
  acknowledgePartialHandoff,
  recordPartialHandoff,
} from '../../../core/unsettled/partial-handoffs.ts';
import { publishUnsettled } from '../../../core/unsettled/publish-unsettled.ts';
import { listUnsettled, readUnsettled } from '../../../core/unsettled/read-unsettled.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { runSlottedWorkers } from '../support/run-slotted-workers.ts';
import { thrownBatonError } from '../support/thrown-baton-error.ts';

const dir = useTempDir('unsettled');

describe('publishUnsettled + readUnsettled', () => {
  it('writes the snapshot and derives counts, summary and ages', () => {
    publishUnsettled(
      dir(),
      'ingest',
      {
        suspended_subagents: [{ id: 'sub-1' }],
        queued_triggers: [
          { id: 'trigger://cron/1', queued_at_ms: 1_000 },
          { id: 'trigger://cron/2', queued_at_ms: 9_000 },
        ],
      },
      { now: 5_000 },
    );
    const record = JSON.parse(fs.readFileSync(layout(dir()).unsettledFile('ingest'), 'utf8'));
    expect(record).toMatchObject({ schema: 'baton.unsettled.v1', pipeline_id: 'ingest' });
    const view = readUnsettled(dir(), 'ingest', { now: 6_000 });
    expect(view.counts).toEqual({
      suspended: 1,
      queued: 2,
      partial: 0,
      in_flight: 0,
      pool_pending: 0,
    });
    expect(view.summary).toBe(
      'unsettled work: 1 suspended subagents, 2 queued triggers, 0 partial handoffs, 0 in-flight llm calls, 0 pool pending tasks',
    );
    // A clock behind queued_at_ms gives age 0, never a negative age.
    expect(view.buckets.queued_triggers.map((t) => t.age_ms)).toEqual([5_000, 0]);
    expect(view.buckets.suspended_subagents[0]).toEqual({ id: 'sub-1' });
    expect(view.updated_at_ms).toBe(5_000);
    expect(view.diagnostics).toEqual([]);
  });

  it('keeps buckets left out, replaces those given, and clears with []', () => {
    publishUnsettled(dir(), 'p', { queued_triggers: [{ id: 'a' }], pool_pending_tasks: [{}] });
    publishUnsettled(dir(), 'p', { pool_pending_tasks: [] });
    expect(readUnsettled(dir(), 'p').counts).toMatchObject({ queued: 1, pool_pending: 0 });
  });

  it('rejects a bad document before writing anything', () => {
    expect(
      thrownBatonError(() => publishUnsettled(dir(), 'p', { queued_trigger: [] })).message,
    ).toMatch(/unknown key "queued_trigger"/);
    expect(
      thrownBatonError(() => publishUnsettled(dir(), 'p', { partial_handoffs: [{ payload: 1 }] }))
        .code,
    ).toBe('invalid_argument');
    expect(thrownBatonError(() => publishUnsettled(dir(), '../x', {})).code).toBe(
      'invalid_argument',
    );
    expect(fs.existsSync(layout(dir()).unsettledDir)).toBe(false);
  });

  it('reports an unreadable snapshot as a diagnostic, not a crash', () => {
    fs.mkdirSync(layout(dir()).unsettledDir, { recursive: true });
    fs.writeFileSync(layout(dir()).unsettledFile('broken'), '{"schema":');
    publishUnsettled(dir(), 'fine', {});
    const views = readUnsettled(dir());
    expect(views.map((v) => v.pipeline_id)).toEqual(['broken', 'fine']);
    expect(views[0]!.summary).toBe('no unsettled work');
    expect(views[0]!.diagnostics[0]).toMatchObject({ reason: 'malformed' });
    expect(listUnsettled(dir()).map((p) => p.summary)).toEqual([
      'no unsettled work',
      'no unsettled work',
    ]);
  });

  it('throws not_found for a pipeline that never published', () => {
    expect(thrownBatonError(() => readUnsettled(dir(), 'ghost')).code).toBe('not_found');
    expect(readUnsettled(dir())).toEqual([]);
  });
});

describe('partial handoffs', () => {
  it('records envelopes with deterministic ids and shows them as the seed does', () => {
    const first = recordPartialHandoff(
      dir(),
      'ingest',
      { target_pipeline: 'review', payload: { pr: 7, repo: 'a' } },
      { now: 1_000 },
    );
    const second = recordPartialHandoff(
      dir(),
      'ingest',
      { target_pipeline: 'deploy', payload: 'x'.repeat(100), origin_pipeline: null },
      { now: 2_000 },
    );
    expect([first.envelope_id, second.envelope_id]).toEqual(['envelope_1', 'envelope_2']);
    const view = readUnsettled(dir(), 'ingest', { now: 4_000 });
    expect(view.buckets.partial_handoffs[0]).toEqual({
      envelope_id: 'envelope_1',
      from: 'ingest',
      to: 'review',
      payload_summary: 'object(keys=pr,repo)',
      queued_at_ms: 1_000,
      age_ms: 3_000,
      target_pipeline: 'review',
      origin_pipeline: 'ingest',
      payload: { pr: 7, repo: 'a' },
      seq: 1,
    });
    expect(view.buckets.partial_handoffs[1]).toMatchObject({
      from: null,
      payload_summary: `${'x'.repeat(80)}...`,
      age_ms: 2_000,
    });
    expect(view.counts.partial).toBe(2);
  });

  it('never reuses an envelope id after the pipeline drops its envelopes', () => {
    recordPartialHandoff(dir(), 'p', { target_pipeline: 't', payload: 1 });
    publishUnsettled(dir(), 'p', { partial_handoffs: [] });
    expect(recordPartialHandoff(dir(), 'p', { target_pipeline: 't', payload: 2 }).envelope_id).toBe(
      'envelope_2',
    );
  });

  it('treats an acknowledged envelope as settled though the file still lists it', () => {
    recordPartialHandoff(dir(), 'ingest', { target_pipeline: 'review', payload: null });
    recordPartialHandoff(dir(), 'ingest', { target_pipeline: 'review', payload: null });
    const { entry } = acknowledgePartialHandoff(dir(), 'ingest', 'envelope_1', {
      decision: 'drop',
      by: 'ana',
      now: 7_000,
    });
    expect(entry).toEqual({
      seq: 1,
      kind: 'handoff_acknowledged',
      payload: { envelope_id: 'envelope_1', decision: 'drop' },
      pipeline_id: 'ingest',
      ts_ms: 7_000,
      envelope_id: 'envelope_1',
      decision: 'drop',
      by: 'ana',
    });
    const raw = JSON.parse(fs.readFileSync(layout(dir()).unsettledFile('ingest'), 'utf8'));
    expect(raw.partial_handoffs).toHaveLength(2);
    const view = readUnsettled(dir(), 'ingest');
    expect(view.buckets.partial_handoffs.map((e) => e.envelope_id)).toEqual(['envelope_2']);
    expect(view.counts.partial).toBe(1);
    expect(view.settled_envelope_ids).toEqual(['envelope_1']);
    acknowledgePartialHandoff(dir(), 'ingest', 'envelope_2', { decision: 'keep', by: 'bo' });
    expect(readUnsettled(dir(), 'ingest').summary).toBe('no unsettled work');
  });

  it('settles an envelope acknowledged in the seed shape (payload only) too', () => {
    recordPartialHandoff(dir(), 'p', { target_pipeline: 't', payload: null });
    appendLifecycleAudit(dir(), 'handoff_acknowledged', { envelope_id: 'envelope_1' }, 'p');
    // Same envelope id under another pipeline settles nothing here.
    appendLifecycleAudit(dir(), 'handoff_acknowledged', { envelope_id: 'envelope_1' }, 'other');
    expect(readUnsettled(dir(), 'p').counts.partial).toBe(0);
    recordPartialHandoff(dir(), 'q', { target_pipeline: 't', payload: null });
    expect(readUnsettled(dir(), 'q').counts.partial).toBe(1);
  });

  it('refuses unknown envelopes, a second acknowledgement and missing decisions', () => {
    recordPartialHandoff(dir(), 'p', { target_pipeline: 't', payload: null });
    expect(
      thrownBatonError(() =>
        acknowledgePartialHandoff(dir(), 'p', 'envelope_9', { decision: 'x', by: 'a' }),
      ).code,
    ).toBe('not_found');
    expect(
      thrownBatonError(() =>
        acknowledgePartialHandoff(dir(), 'nope', 'envelope_1', { decision: 'x', by: 'a' }),
      ).code,
    ).toBe('not_found');
    expect(
      thrownBatonError(() =>
        acknowledgePartialHandoff(dir(), 'p', 'envelope_1', { decision: '', by: 'a' }),
      ).code,
    ).toBe('invalid_argument');
    acknowledgePartialHandoff(dir(), 'p', 'envelope_1', { decision: 'x', by: 'ana' });
    const again = thrownBatonError(() =>
      acknowledgePartialHandoff(dir(), 'p', 'envelope_1', { decision: 'y', by: 'bo' }),
    );
    expect(again.code).toBe('conflict');
    expect(again.message).toBe(
      'partial handoff envelope_1 of pipeline p already acknowledged by ana',
    );
    expect(readLifecycleAudit(dir()).entries).toHaveLength(1);
  });

  it('lets exactly one of several concurrent processes acknowledge an envelope', async () => {
    recordPartialHandoff(dir(), 'race', { target_pipeline: 't', payload: null });
    const agents = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
    const syncDir = fs.mkdtempSync(path.join(dir(), 'sync-'));
    // Start every worker at the same instant once all are loaded.
    const results = await runSlottedWorkers(
      syncDir,
      agents.map((by) => ({
        id: by,
        script: 'test/core/unsettled/fixtures/ack-envelope.ts',
        args: [dir(), 'race', 'envelope_1', by, syncDir],
      })),
      { lead_ms: 100, timeout_ms: 25_000 },
    );
    const outcomes = results.map((r) => JSON.parse(r.stdout) as { ok: boolean; message?: string });
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    const entries = readLifecycleAudit(dir()).entries;
    expect(entries).toHaveLength(1);
    const winner = entries[0]!.entry.by as string;
    for (const loser of outcomes.filter((o) => !o.ok)) {
      expect(loser.message).toBe(
        `partial handoff envelope_1 of pipeline race already acknowledged by ${winner}`,
      );
    }
  });
});
