import { afterEach, describe, expect, it } from 'vitest';
import { readOperatorAudit } from '../../../../core/audit/index.ts';
import type { ActionResult } from '../../../../core/api/contract.ts';
import { readLease, renewLease } from '../../../../core/leases/index.ts';
import { acknowledgePartialHandoff, readUnsettled } from '../../../../core/unsettled/index.ts';
import { initDirectory } from '../../../../core/root.ts';
import { actor, openMonitor, type Harness } from '../monitor-harness.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

// Refusals that tell the operator what moved since they looked, and who moved it.
const tempDir = useTempDir('monitor-review-refusals');
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function setup(ops: Array<Record<string, unknown>>) {
  const dir = tempDir();
  initDirectory(dir);
  const results = await actor(dir, ops);
  harness = await openMonitor(dir, { operator: 'ana@console' });
  return { dir, h: harness, results };
}

function refused(result: ActionResult): Extract<ActionResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a refusal, got success: ${result.message}`);
  return result;
}

describe('releaseLease of a stale lease its holder renewed since', () => {
  it('is refused as changed, naming who renewed it and until when, and nothing is removed', async () => {
    const { dir, h, results } = await setup([
      { op: 'heartbeat', id: 'a1', pid: process.pid },
      { op: 'acquire', resource: 'src/a.ts', owner: { id: 'a1', agent: 'a1' }, ttl_ms: 1 },
    ]);
    const token = (results[1] as { token: string }).token;
    // The operator looks: stale. Then the holder renews (same token, a fresh expiry).
    await h.until((s) => s.leases[0]?.state === 'stale', 3000, 'stale');
    await new Promise((resolve) => setTimeout(resolve, 5)); // a renewal at a later ms
    const renewed = renewLease(dir, 'src/a.ts', token, { ttl_ms: 60_000 });
    const result = refused(
      await h.client.releaseLease({ resource_path: 'src/a.ts', expected_token: token }),
    );
    expect(result.code).toBe('changed');
    expect(result.message).toContain('renewed by a1');
    expect(result.message).toContain(new Date(renewed.expires_at_ms).toISOString());
    expect((result.current as { state: string; record: { token: string } }).record.token).toBe(
      token,
    );
    expect(readLease(dir, 'src/a.ts').record?.token).toBe(token); // untouched
    expect(readOperatorAudit(dir).entries.map((e) => e.entry.result)).toEqual(['refused']);
  });

  it('still calls an unforced release of a never-renewed active lease invalid (needs force)', async () => {
    const { h, results } = await setup([
      { op: 'heartbeat', id: 'a1', pid: process.pid },
      { op: 'acquire', resource: 'src/b.ts', owner: { id: 'a1', agent: 'a1' }, ttl_ms: 60_000 },
    ]);
    const token = (results[1] as { token: string }).token;
    const result = refused(
      await h.client.releaseLease({ resource_path: 'src/b.ts', expected_token: token }),
    );
    expect(result.code).toBe('invalid');
    expect(result.message).toMatch(/needs force and a reason/);
  });
});

describe('ackPartialHandoff of an envelope an agent acknowledged first', () => {
  it('names who acknowledged it and their decision, in the message and the current state', async () => {
    const { dir, h, results } = await setup([
      { op: 'partial', pipeline: 'ingest', target: 'review', payload: { pr: 7 } },
    ]);
    const envelope = (results[0] as { envelope_id: string }).envelope_id;
    await h.until((s) => s.unsettled[0]?.counts.partial === 1, 3000, 'partial handoff');
    acknowledgePartialHandoff(dir, 'ingest', envelope, { decision: 'retry later', by: 'bot-7' });
    expect(readUnsettled(dir, 'ingest').counts.partial).toBe(0);
    const result = refused(
      await h.client.ackPartialHandoff({
        pipeline_id: 'ingest',
        envelope_id: envelope,
        decision: 'drop',
      }),
    );
    expect(result.code).toBe('changed');
    expect(result.message).toContain('acknowledged by bot-7');
    expect(result.message).toContain('retry later');
    expect(result.current).toMatchObject({
      settled: true,
      by: 'bot-7',
      decision: 'retry later',
    });
    expect(result.current).not.toEqual({ settled: true });
    const audit = readOperatorAudit(dir).entries.map((e) => e.entry);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ result: 'refused' });
    expect(audit[0]?.message).toContain('bot-7');
  });
});
