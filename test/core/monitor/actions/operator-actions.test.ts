import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readOperatorAudit } from '../../../../core/audit/index.ts';
import type { ActionResult } from '../../../../core/api/contract.ts';
import { inbox, parseRoomRef, read } from '../../../../core/rooms/index.ts';
import { readLease } from '../../../../core/leases/index.ts';
import { readHandoff } from '../../../../core/handoffs/index.ts';
import { readAgent } from '../../../../core/agents/index.ts';
import { readUnsettled } from '../../../../core/unsettled/index.ts';
import { initDirectory } from '../../../../core/root.ts';
import { OPERATOR_ROOM } from '../../../../core/monitor/actions/operator-room.ts';
import { actor, openMonitor, type Harness } from '../monitor-harness.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

const tempDir = useTempDir('monitor-actions');
const OPERATOR = 'ana@console';
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function setup(
  ops: Array<Record<string, unknown>>,
): Promise<{ dir: string; h: Harness; results: unknown[] }> {
  const dir = tempDir();
  initDirectory(dir);
  const results = await actor(dir, ops);
  harness = await openMonitor(dir, { operator: OPERATOR });
  return { dir, h: harness, results };
}

function auditLines(dir: string) {
  return readOperatorAudit(dir).entries.map((e) => e.entry);
}

/** Operator messages addressed to `to` in the operator room. */
function noticesFor(dir: string, to: string) {
  return inbox(dir, parseRoomRef(OPERATOR_ROOM), { to }).messages;
}

function refused(result: ActionResult): Extract<ActionResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a refusal, got success: ${result.message}`);
  return result;
}

describe('operator actions', () => {
  it('releaseLease: a stale lease is released by its token, audited once, and its holder told', async () => {
    const { dir, h, results } = await setup([
      { op: 'heartbeat', id: 'a1', pid: process.pid },
      { op: 'acquire', resource: 'src/a.ts', owner: { id: 'a1', agent: 'a1' }, ttl_ms: 1 },
    ]);
    const token = (results[1] as { token: string }).token;
    await h.until((s) => s.leases[0]?.state === 'stale', 3000, 'stale');
    const result = await h.client.releaseLease({
      resource_path: 'src/a.ts',
      expected_token: token,
    });
    expect(result.ok, result.message).toBe(true);
    expect(readLease(dir, 'src/a.ts').state).toBe('absent');
    const lines = auditLines(dir);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      operator: OPERATOR,
      action: 'release_lease',
      target: 'locks/src/a.ts.lock.d',
      result: 'ok',
      after: null,
    });
    expect((lines[0]!.before as { record: { token: string } }).record.token).toBe(token);
    const notices = noticesFor(dir, 'a1');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      kind: 'decision',
      from: OPERATOR,
      to: 'a1',
      data: { action: 'release_lease', token },
    });
    // The model shows it gone at once (the delta went out before the result).
    expect((await h.snapshot()).leases).toEqual([]);
  });

  it('releaseLease: refuses another token, an active lease without force, and audits each refusal', async () => {
    const { dir, h, results } = await setup([
      { op: 'heartbeat', id: 'a1', pid: process.pid },
      { op: 'acquire', resource: 'src/b.ts', owner: { id: 'a1', agent: 'a1' }, ttl_ms: 60_000 },
    ]);
    const token = (results[1] as { token: string }).token;
    const wrong = refused(
      await h.client.releaseLease({
        resource_path: 'src/b.ts',
        expected_token: 'lease-someone-else',
      }),
    );
    expect(wrong.code).toBe('changed');
    expect((wrong.current as { record: { token: string } }).record.token).toBe(token);
    const noForce = refused(
      await h.client.releaseLease({ resource_path: 'src/b.ts', expected_token: token }),
    );
    expect(noForce.code).toBe('invalid');
    expect(noForce.message).toMatch(/needs force and a reason/);
    const noReason = refused(
      await h.client.releaseLease({
        resource_path: 'src/b.ts',
        expected_token: token,
        force: true,
      }),
    );
    expect(noReason.code).toBe('invalid');
    const missing = refused(await h.client.releaseLease({ resource_path: 'src/none.ts' }));
    expect(missing.code).toBe('not_found');
    expect(readLease(dir, 'src/b.ts').record?.token).toBe(token); // untouched
    expect(auditLines(dir).map((e) => e.result)).toEqual([
      'refused',
      'refused',
      'refused',
      'refused',
    ]);
    expect(noticesFor(dir, 'a1')).toEqual([]); // nothing done, nothing told
    const forced = await h.client.releaseLease({
      resource_path: 'src/b.ts',
      expected_token: token,
      force: true,
      reason: 'agent wedged',
    });
    expect(forced.ok, forced.message).toBe(true);
    expect(auditLines(dir).at(-1)).toMatchObject({ result: 'ok', reason: 'agent wedged' });
  });

  it('releaseLease: an unrecorded lock directory needs force and a reason, then goes', async () => {
    const dir = tempDir();
    initDirectory(dir);
    const lock = path.join(dir, 'locks/stuck.lock.d');
    fs.mkdirSync(lock, { recursive: true });
    const old = (Date.now() - 60_000) / 1000;
    fs.utimesSync(lock, old, old);
    harness = await openMonitor(dir, { operator: OPERATOR });
    const s = await harness.until((x) => x.leases[0]?.state === 'unrecorded', 3000, 'unrecorded');
    expect(s.attention[0]).toMatchObject({
      kind: 'unrecorded_lease',
      action: { input: { force: true }, needs_reason: true },
    });
    expect(refused(await harness.client.releaseLease({ resource_path: 'stuck' })).code).toBe(
      'invalid',
    );
    const ok = await harness.client.releaseLease({
      resource_path: 'locks/stuck.lock.d',
      force: true,
      reason: 'acquirer died',
    });
    expect(ok.ok, ok.message).toBe(true);
    expect(fs.existsSync(lock)).toBe(false);
    expect((await harness.snapshot()).attention).toEqual([]);
  });

  it('accept/declineHandoff: one decision wins, the second is refused as already decided', async () => {
    const { dir, h, results } = await setup([
      { op: 'handoff', from: 'a1', to: 'b1', message: 'review the parser' },
    ]);
    const id = (results[0] as { id: string }).id;
    await h.until((s) => s.handoffs.length === 1, 3000, 'handoff');
    const accepted = await h.client.acceptHandoff({ id, note: 'taking it' });
    expect(accepted.ok, accepted.message).toBe(true);
    expect(readHandoff(dir, id).state).toBe('accepted');
    expect(readHandoff(dir, id).decision?.by).toBe('ana_at_console');
    const again = refused(await h.client.declineHandoff({ id, reason: 'too late' }));
    expect(again.code).toBe('changed');
    expect(again.message).toMatch(/already accepted by ana_at_console/);
    expect((await h.snapshot()).handoffs[0]).toMatchObject({ state: 'accepted' });
    expect(auditLines(dir).map((e) => [e.action, e.result])).toEqual([
      ['accept_handoff', 'ok'],
      ['decline_handoff', 'refused'],
    ]);
    expect(noticesFor(dir, 'b1')[0]).toMatchObject({
      to: 'b1',
      data: { action: 'accept_handoff', handoff_id: id },
    });
    expect(refused(await h.client.acceptHandoff({ id: 'handoff-nope' })).code).toBe('not_found');
  });

  it('declineHandoff: declines with the reason and tells the recipient', async () => {
    const { dir, h, results } = await setup([
      { op: 'handoff', from: 'a1', to: 'b1', message: 'deploy' },
    ]);
    const id = (results[0] as { id: string }).id;
    const declined = await h.client.declineHandoff({ id, reason: 'b1 is gone' });
    expect(declined.ok, declined.message).toBe(true);
    expect(readHandoff(dir, id)).toMatchObject({
      state: 'declined',
      decision: { reason: 'b1 is gone' },
    });
    expect(noticesFor(dir, 'b1')).toHaveLength(1);
  });

  it('ackPartialHandoff: settles the envelope once; a second acknowledgement is refused', async () => {
    const { dir, h, results } = await setup([
      { op: 'partial', pipeline: 'ingest', target: 'review', payload: { pr: 7 } },
    ]);
    const envelope = (results[0] as { envelope_id: string }).envelope_id;
    await h.until((s) => s.unsettled[0]?.counts.partial === 1, 3000, 'partial handoff');
    const ok = await h.client.ackPartialHandoff({
      pipeline_id: 'ingest',
      envelope_id: envelope,
      decision: 'drop',
    });
    expect(ok.ok, ok.message).toBe(true);
    expect(readUnsettled(dir, 'ingest').counts.partial).toBe(0);
    expect((await h.snapshot()).unsettled[0]?.counts.partial).toBe(0);
    const twice = refused(
      await h.client.ackPartialHandoff({
        pipeline_id: 'ingest',
        envelope_id: envelope,
        decision: 'keep',
      }),
    );
    expect(twice.code).toBe('changed');
    expect(
      refused(
        await h.client.ackPartialHandoff({
          pipeline_id: 'ingest',
          envelope_id: 'envelope_99',
          decision: 'x',
        }),
      ).code,
    ).toBe('not_found');
    expect(auditLines(dir).map((e) => e.result)).toEqual(['ok', 'refused', 'refused']);
    expect(noticesFor(dir, 'ingest')).toHaveLength(1);
  });

  it('markAgentGone: refused when a fresher heartbeat arrived, done with what the operator saw', async () => {
    const { dir, h } = await setup([{ op: 'heartbeat', id: 'a1', pid: process.pid }]);
    const seen = (await h.until((s) => s.agents.length === 1, 3000, 'agent')).agents[0]!
      .last_seen_ms!;
    await actor(dir, [{ op: 'heartbeat', id: 'a1', pid: process.pid, now: seen + 5 }]);
    const back = refused(
      await h.client.markAgentGone({
        agent_id: 'a1',
        expected_last_seen_ms: seen,
        reason: 'looks dead',
      }),
    );
    expect(back.code).toBe('changed');
    expect(back.message).toMatch(/it is back/);
    expect(readAgent(dir, 'a1')?.record?.state).toBe('active');
    const gone = await h.client.markAgentGone({
      agent_id: 'a1',
      expected_last_seen_ms: seen + 5,
      reason: 'decommissioned',
    });
    expect(gone.ok, gone.message).toBe(true);
    expect(readAgent(dir, 'a1')?.liveness).toBe('gone');
    expect((await h.snapshot()).agents[0]?.liveness).toBe('gone');
    expect(noticesFor(dir, 'a1')[0]).toMatchObject({
      data: { action: 'mark_agent_gone', reason: 'decommissioned' },
    });
    expect(auditLines(dir).map((e) => e.result)).toEqual(['refused', 'ok']);
    expect(refused(await h.client.markAgentGone({ agent_id: 'nobody' })).code).toBe('not_found');
  });

  it('postMessage: posts and replies as the operator; a bad room is refused', async () => {
    const { dir, h, results } = await setup([
      { op: 'request', room: 'task/t1/plan', body: 'may I deploy?', from: 'a1', to: 'ops' },
    ]);
    const requestId = (results[0] as { id: string }).id;
    const posted = await h.client.postMessage({
      room: 'task/t1/plan',
      body: 'yes, go ahead',
      kind: 'decision',
      reply_to: requestId,
    });
    expect(posted.ok, posted.message).toBe(true);
    const messages = read(dir, parseRoomRef('task/t1/plan')).messages.map((m) => m.message);
    expect(messages.at(-1)).toMatchObject({
      from: OPERATOR,
      kind: 'decision',
      reply_to: requestId,
      to: 'a1',
      body: 'yes, go ahead',
    });
    const bad = refused(await h.client.postMessage({ room: 'nowhere', body: 'x' }));
    expect(bad.code).toBe('invalid');
    expect(auditLines(dir).map((e) => [e.action, e.result])).toEqual([
      ['post_message', 'ok'],
      ['post_message', 'refused'],
    ]);
  });
});
