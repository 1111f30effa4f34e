// Review 2, N1 and N8(b): the "request without a reply" item's recommended action, completed
// with a body as the UI's reply dialog does, answers the request (an `ack` threaded under it),
// takes it off awaiting reply, and the audit says what the operator wrote.
import { afterEach, describe, expect, it } from 'vitest';
import { readOperatorAudit } from '../../../../core/audit/index.ts';
import { parseRoomRef, read } from '../../../../core/rooms/index.ts';
import { initDirectory } from '../../../../core/root.ts';
import { actor, openMonitor, type Harness } from '../monitor-harness.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

const tempDir = useTempDir('monitor-reply');
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('reply to an unanswered request', () => {
  it('recommends an ack to the asker with reply_to and no body; with a body it settles the item and is audited', async () => {
    const dir = tempDir();
    initDirectory(dir);
    const results = await actor(dir, [
      { op: 'request', room: 'task/t1/plan', body: 'may I deploy?', from: 'bob', to: 'ops' },
    ]);
    const requestId = (results[0] as { id: string }).id;
    harness = await openMonitor(dir, {
      operator: 'ana@console',
      thresholds: { request_unanswered_ms: 1 },
    });
    const s = await harness.until(
      (snap) => snap.attention.some((a) => a.kind === 'request_unanswered'),
      5000,
      'request item',
    );
    const item = s.attention.find((a) => a.kind === 'request_unanswered');
    expect(item?.action?.label).toBe('Reply to bob'); // shown as "Reply to bob…"
    expect(item?.action?.request).toBe('postMessage');
    expect(item?.action?.input).toEqual({
      room: 'task/t1/plan',
      to: 'bob',
      reply_to: requestId,
      kind: 'ack',
    });

    const result = await harness.client.postMessage({
      ...(item?.action?.input as { room: string }),
      body: 'no: wait for the freeze to end',
    });
    expect(result.ok, result.message).toBe(true);
    const last = read(dir, parseRoomRef('task/t1/plan')).messages.at(-1)?.message;
    expect(last).toMatchObject({
      kind: 'ack',
      to: 'bob',
      reply_to: requestId,
      body: 'no: wait for the freeze to end',
    });
    await harness.until(
      (snap) =>
        !snap.attention.some((a) => a.kind === 'request_unanswered') &&
        snap.rooms.every((r) => r.pending_requests.length === 0),
      5000,
      'request answered',
    );

    const audit = readOperatorAudit(dir).entries.map((e) => e.entry);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({
      kind: 'ack',
      to: 'bob',
      reply_to: requestId,
      subject: 'no: wait for the freeze to end',
      body: 'no: wait for the freeze to end',
    });
  });
});
