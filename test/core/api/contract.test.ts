import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { checkSequence } from '../../../core/api/client.ts';
import {
  contract,
  ContractError,
  REQUEST_NAMES,
  type RequestName,
} from '../../../core/api/contract.ts';
import type { Delta, Snapshot } from '../../../core/api/views.ts';
import { acquireLease } from '../../../core/leases/index.ts';
import {
  inProcessSubject,
  webSocketSubject,
  type ContractSubject,
} from './support/contract-subjects.ts';

/**
 * THE contract suite: the same cases against every carrier of the monitor contract (in process,
 * and WebSocket through startMonitorServer with the UI's own client), on a real coordination
 * directory written through the core library. Electron IPC runs the same `dispatch()` and is
 * covered by test/electron/ipc-transport.test.ts with a fake ipcMain (no Electron binary here).
 */

function fits<K extends RequestName>(name: K, value: unknown): void {
  const parsed = (contract.requests[name].output as z.ZodType).safeParse(value);
  expect(parsed.success, `${name} output fits the contract`).toBe(true);
}

async function until<T>(read: () => T | undefined, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not seen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each([
  ['in-process', inProcessSubject],
  ['websocket', webSocketSubject],
] as const)('monitor contract over %s', (kind, makeSubject) => {
  let s: ContractSubject;
  let first: Snapshot;
  beforeAll(async () => {
    s = await makeSubject();
    first = await s.client.snapshot({});
  });
  afterAll(async () => {
    await s?.close();
  });

  it('info: who, where, which transport', async () => {
    const info = await s.client.info({});
    fits('info', info);
    expect(info).toMatchObject({ dir: s.dir, operator: 'op@contract', transport: kind });
    expect(info.recent_dirs).toContain(s.dir);
    expect(Math.abs(info.server_time_ms - Date.now())).toBeLessThan(60_000);
  });

  it('snapshot: the whole seeded fleet', () => {
    fits('snapshot', first);
    expect(first.status.state).toBe('ready');
    const leases = Object.fromEntries(first.leases.map((l) => [l.resource_path, l.state]));
    expect(leases['src/active.ts']).toBe('active');
    expect(leases['src/stale.ts']).toBe('stale');
    expect(first.agents.map((a) => a.id).sort()).toEqual(['agent-1', 'agent-2']);
    expect(first.handoffs.filter((h) => h.state === 'pending')).toHaveLength(2);
    expect(first.unsettled.map((u) => u.pipeline_id)).toEqual(['pipe-1']);
    expect(first.runs.map((r) => r.run_id)).toEqual(['run-1']);
    expect(first.rooms.map((r) => r.key)).toContain(s.seed.room);
    expect(first.attention.map((a) => a.kind)).toContain('stale_lease');
  });

  it('delta: an agent’s write arrives as deltas continuing the snapshot’s seq', async () => {
    const deltas: Delta[] = [];
    const off = s.client.on('delta', (d) => deltas.push(d));
    try {
      const base = await s.client.snapshot({});
      acquireLease(s.dir, 'src/written-later.ts', { ttl_ms: 600_000, owner: { id: 'agent-1' } });
      await until(
        () =>
          deltas.find((d) =>
            d.changes.some(
              (c) => c.op === 'upsert' && c.entity === 'lease' && c.key.includes('written-later'),
            ),
          ),
        10_000,
        'the new lease in a delta',
      );
      let last = base.seq;
      for (const delta of deltas.filter((d) => d.seq > base.seq)) {
        expect(checkSequence(last, delta.seq), `seq ${delta.seq} after ${last}`).toBe('next');
        last = delta.seq;
      }
      const after = await s.client.snapshot({});
      expect(after.seq).toBeGreaterThanOrEqual(last);
      expect(after.leases.map((l) => l.resource_path)).toContain('src/written-later.ts');
    } finally {
      off();
    }
  });

  it('queries: each answers in the contract’s shape', async () => {
    const now = Date.now();
    const results: Array<[RequestName, unknown]> = [
      ['roomMessages', await s.client.roomMessages({ room: s.seed.room })],
      ['search', await s.client.search({ query: 'tokenizer' })],
      ['runDetail', await s.client.runDetail({ run_id: 'run-1' })],
      ['agentDetail', await s.client.agentDetail({ agent_id: 'agent-1' })],
      ['timeline', await s.client.timeline({ from_ms: now - 3_600_000, to_ms: now })],
      ['audit', await s.client.audit({})],
    ];
    for (const [name, value] of results) fits(name, value);
    const run = await s.client.runDetail({ run_id: 'run-1' });
    expect(run.run?.run_id).toBe('run-1');
    expect(run.checkpoints.map((c) => c.step_id)).toEqual(['fetch', 'parse']);
    expect((await s.client.agentDetail({ agent_id: 'agent-1' })).agent?.name).toBe('Builder');
    expect((await s.client.runDetail({ run_id: 'no-such-run' })).run).toBeUndefined();
  });

  it('releaseLease: releases a stale lease; refuses another token and an unforced active one', async () => {
    const changed = await s.client.releaseLease({
      resource_path: 'src/active.ts',
      expected_token: 'someone-elses-token',
    });
    expect(changed).toMatchObject({ ok: false, code: 'changed' });
    const unforced = await s.client.releaseLease({
      resource_path: 'src/active.ts',
      expected_token: s.seed.activeToken,
    });
    expect(unforced).toMatchObject({ ok: false, code: 'invalid' });
    const released = await s.client.releaseLease({
      resource_path: 'src/stale.ts',
      expected_token: s.seed.staleToken,
    });
    expect(released).toMatchObject({ ok: true, audit: { action: 'release_lease' } });
    const again = await s.client.releaseLease({ resource_path: 'src/stale.ts' });
    expect(again).toMatchObject({ ok: false, code: 'not_found' });
    const snap = await s.client.snapshot({});
    expect(snap.leases.map((l) => l.resource_path)).not.toContain('src/stale.ts');
  });

  it('acceptHandoff: accepts a pending handoff once; the second time it has changed', async () => {
    expect(await s.client.acceptHandoff({ id: s.seed.acceptId, note: 'mine' })).toMatchObject({
      ok: true,
    });
    expect(await s.client.acceptHandoff({ id: s.seed.acceptId })).toMatchObject({
      ok: false,
      code: 'changed',
    });
  });

  it('declineHandoff: declines with a reason; an unknown handoff is not_found', async () => {
    expect(
      await s.client.declineHandoff({ id: s.seed.declineId, reason: 'not ours' }),
    ).toMatchObject({ ok: true });
    expect(await s.client.declineHandoff({ id: 'handoff-nope', reason: 'x' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });

  it('ackPartialHandoff: settles a partial handoff once', async () => {
    const input = { pipeline_id: 'pipe-1', envelope_id: 'env-1', decision: 'drop' };
    expect(await s.client.ackPartialHandoff(input)).toMatchObject({ ok: true });
    expect(await s.client.ackPartialHandoff(input)).toMatchObject({ ok: false, code: 'changed' });
  });

  it('markAgentGone: compare-and-swap on the last heartbeat the operator saw', async () => {
    const seen = first.agents.find((a) => a.id === 'agent-1')?.last_seen_ms ?? 0;
    expect(
      await s.client.markAgentGone({ agent_id: 'agent-1', expected_last_seen_ms: seen - 1000 }),
    ).toMatchObject({ ok: false, code: 'changed' });
    const gone = await s.client.markAgentGone({
      agent_id: 'agent-2',
      expected_last_seen_ms: first.agents.find((a) => a.id === 'agent-2')?.last_seen_ms,
      reason: 'test',
    });
    expect(gone).toMatchObject({ ok: true });
    expect(await s.client.markAgentGone({ agent_id: 'nobody' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });

  it('postMessage: posts to a room; a malformed room is refused', async () => {
    const posted = await s.client.postMessage({ room: s.seed.room, body: 'pause merges' });
    expect(posted).toMatchObject({ ok: true });
    expect(await s.client.postMessage({ room: 'not a room', body: 'x' })).toMatchObject({
      ok: false,
      code: 'invalid',
    });
  });

  it('bad input is rejected with bad_request before any handler runs', async () => {
    const before = s.handlerCalls();
    const bad: Array<[RequestName, unknown]> = [
      ['roomMessages', { room: 7 }],
      ['roomMessages', { room: 'a/b/c', limit: 0 }],
      ['search', { query: '' }],
      ['runDetail', {}],
      ['agentDetail', { agent_id: 'a', limit: 'many' }],
      ['timeline', { from_ms: 'yesterday', to_ms: 1 }],
      ['audit', { source: 'everyone' }],
      ['releaseLease', { force: true }],
      ['acceptHandoff', { id: 42 }],
      ['declineHandoff', { id: 'h', reason: '' }],
      ['ackPartialHandoff', { pipeline_id: 'p', envelope_id: 'e' }],
      ['markAgentGone', { agent_id: 'a', expected_last_seen_ms: 'recently' }],
      ['postMessage', { room: 'a/b/c', body: 'x', kind: 'shout' }],
      ['snapshot', 'not an object'],
    ];
    for (const [method, input] of bad) {
      const reply = await s.raw(method, input);
      expect(reply, `${method} ${JSON.stringify(input)}`).toMatchObject({
        type: 'error',
        error: { code: 'bad_request' },
      });
    }
    expect(s.handlerCalls()).toBe(before);
    // The client refuses too, with the same code, before sending anything.
    await expect(s.client.search({ query: '' })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(s.client.search({ query: '' })).rejects.toBeInstanceOf(ContractError);
  });

  it('an unknown method is rejected with unknown_request before any handler runs', async () => {
    const before = s.handlerCalls();
    for (const method of ['dropTables', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(await s.raw(method, {})).toMatchObject({
        type: 'error',
        error: { code: 'unknown_request' },
      });
    }
    expect(s.handlerCalls()).toBe(before);
  });

  it('covers every request of the contract', () => {
    // Keeps this suite honest when the contract grows: each request must appear above.
    const covered = new Set<RequestName>([
      'info',
      'snapshot',
      'roomMessages',
      'search',
      'runDetail',
      'agentDetail',
      'timeline',
      'audit',
      'releaseLease',
      'acceptHandoff',
      'declineHandoff',
      'ackPartialHandoff',
      'markAgentGone',
      'postMessage',
    ]);
    expect([...REQUEST_NAMES].sort()).toEqual([...covered].sort());
  });
});
