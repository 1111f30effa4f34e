import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../core/cli/exit-codes.ts';
import { recordPartialHandoff } from '../../../core/unsettled/partial-handoffs.ts';
import { publishUnsettled } from '../../../core/unsettled/publish-unsettled.ts';
import { runBaton } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('unsettled-cli');

async function baton(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const r = await runBaton(['--dir', dir(), ...args], { ...options, timeoutMs: 30_000 });
  const json = args.includes('--json') ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
  return { ...r, json };
}

describe('baton unsettled', () => {
  it('publishes a document from stdin and shows every pipeline with counts and summary', async () => {
    publishUnsettled(dir(), 'other', { pool_pending_tasks: [{ id: 'task-1' }] });
    const published = await baton(['unsettled', 'publish', 'ingest', '--json'], {
      input: JSON.stringify({ queued_triggers: [{ id: 't1', queued_at_ms: Date.now() - 5_000 }] }),
    });
    expect(published.code).toBe(EXIT.ok);
    expect(published.json).toMatchObject({ counts: { queued: 1 } });

    const all = await baton(['unsettled', 'show', '--json']);
    const pipelines = all.json.pipelines as Array<{
      pipeline_id: string;
      counts: unknown;
      summary: string;
      buckets: { queued_triggers: Array<{ age_ms: number }> };
    }>;
    expect(pipelines.map((p) => p.pipeline_id)).toEqual(['ingest', 'other']);
    expect(pipelines[0]).toMatchObject({
      counts: { suspended: 0, queued: 1, partial: 0, in_flight: 0, pool_pending: 0 },
      summary:
        'unsettled work: 0 suspended subagents, 1 queued triggers, 0 partial handoffs, 0 in-flight llm calls, 0 pool pending tasks',
    });
    expect(pipelines[0]!.buckets.queued_triggers[0]!.age_ms).toBeGreaterThanOrEqual(5_000);
  });

  it('acknowledges a partial handoff once, after which show counts it settled', async () => {
    recordPartialHandoff(dir(), 'ingest', { target_pipeline: 'review', payload: { pr: 1 } });
    const ack = await baton(
      ['unsettled', 'ack', 'ingest', 'envelope_1', '--decision', 'drop', '--json'],
      { env: { BATON_AGENT_ID: 'ana' } },
    );
    expect(ack.code).toBe(EXIT.ok);
    expect(ack.json).toMatchObject({
      entry: {
        kind: 'handoff_acknowledged',
        payload: { envelope_id: 'envelope_1', decision: 'drop' },
        by: 'ana',
        pipeline_id: 'ingest',
      },
    });
    const [after, twice] = await Promise.all([
      baton(['unsettled', 'show', 'ingest']),
      baton(['unsettled', 'ack', 'ingest', 'envelope_1', '--decision', 'x', '--by', 'bo']),
    ]);
    expect(after.stdout).toContain('ingest: no unsettled work');
    expect(after.stdout).toContain('settled: envelope_1');
    expect(twice.code).toBe(EXIT.contended);
    expect(twice.stderr).toContain('already acknowledged by ana');
  });
});
