import { describe, expect, it } from 'vitest';
import {
  defaultReplyConsumer,
  getCursor,
  parseRoomRef,
  post,
  reply,
  request,
  send,
  waitReply,
} from '../../../core/rooms/index.ts';
import { runNode } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('rooms-wait');
const ROOM = 'workspace/repo-a/planning';
const ref = parseRoomRef(ROOM);

describe('waitReply', () => {
  it('returns a reply already in the room with the seed-shaped matched result', async () => {
    const asked = request(dir(), ref, 'reviewer', { body: 'ok?', from: 'builder' });
    const answer = reply(dir(), ref, asked.message, { body: 'yes', from: 'reviewer' });
    const result = await waitReply(dir(), ref, asked, { timeout_ms: 1000 });
    expect(result).toMatchObject({
      status: 'matched',
      matched: true,
      timed_out: false,
      request_id: asked.id,
      thread_id: asked.id,
      consumer_id: `reply.${asked.id}`,
      reply: { id: answer.id, body: 'yes' },
      next_cursor: answer.cursor,
    });
    expect(result.replies).toHaveLength(1);
    expect(result.elapsed_ms).toBeLessThan(1000);
    expect(result.acknowledged).toBeUndefined();
    expect(getCursor(dir(), ref, result.consumer_id)).toBeUndefined(); // no ack by default
  });

  it('wakes on a reply appended by another process, long before its poll interval', async () => {
    const asked = request(dir(), ref, 'reviewer', { body: 'ok?', from: 'builder' });
    const replier = runNode('test/core/rooms/fixtures/reply-later.ts', [
      dir(),
      ROOM,
      asked.id,
      '300',
      'reviewer',
    ]);
    // A 15 s poll interval: only the file watch can wake it in time.
    const result = await waitReply(dir(), ref, asked.id, {
      timeout_ms: 20_000,
      poll_interval_ms: 15_000,
    });
    const posted = JSON.parse((await replier).stdout) as { id: string; posted_at_ms: number };
    expect(result.status).toBe('matched');
    expect(result.reply?.id).toBe(posted.id);
    expect(result.reply).toMatchObject({ kind: 'done', to: 'builder', reply_to: asked.id });
    expect(result.elapsed_ms).toBeLessThan(10_000);
    expect(Date.now() - posted.posted_at_ms).toBeLessThan(2_000); // woke right after the append
  });

  it('times out after its budget, never long past it, with the timeout result', async () => {
    const asked = request(dir(), ref, 'reviewer', { body: 'ok?' });
    const started = Date.now();
    const result = await waitReply(dir(), ref, asked, { timeout_ms: 300, poll_interval_ms: 1000 });
    const took = Date.now() - started;
    expect(result).toMatchObject({
      status: 'timeout',
      matched: false,
      timed_out: true,
      request_id: asked.id,
      replies: [],
      next_cursor: asked.cursor,
    });
    expect(result.reply).toBeUndefined();
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(1000);
  });

  it('timeout 0 scans once', async () => {
    const asked = request(dir(), ref, 'reviewer', { body: 'ok?' });
    const none = await waitReply(dir(), ref, asked, { timeout_ms: 0 });
    expect(none.status).toBe('timeout');
    expect(none.elapsed_ms).toBeLessThan(200);
    reply(dir(), ref, asked, { body: 'y' });
    expect((await waitReply(dir(), ref, asked, { timeout_ms: 0 })).status).toBe('matched');
  });

  it('matches only replies to this request (reply_to), not other traffic', async () => {
    const asked = request(dir(), ref, 'reviewer', { body: 'q1', from: 'builder' });
    const other = request(dir(), ref, 'reviewer', { body: 'q2', from: 'builder' });
    reply(dir(), ref, other, { body: 'a2' });
    send(dir(), ref, 'builder', { body: 'unrelated', thread_id: asked.id });
    expect((await waitReply(dir(), ref, asked, { timeout_ms: 0 })).status).toBe('timeout');
  });

  it("given the request message, only replies to the asker in the request's thread match", async () => {
    const asked = request(dir(), ref, 'reviewer', { body: 'q', from: 'builder' });
    reply(dir(), ref, asked, { body: 'to someone else', to: 'ops' });
    reply(dir(), ref, asked, { body: 'other thread', thread_id: 'elsewhere' });
    expect((await waitReply(dir(), ref, asked, { timeout_ms: 0 })).status).toBe('timeout');
    // A bare id knows neither the asker nor the thread: reply_to alone decides.
    const bare = await waitReply(dir(), ref, asked.id, { timeout_ms: 0 });
    expect(bare.replies.map((m) => m.body)).toEqual(['to someone else', 'other thread']);
    reply(dir(), ref, asked, { body: 'proper' });
    expect((await waitReply(dir(), ref, asked, { timeout_ms: 0 })).reply?.body).toBe('proper');
  });

  it('filters by responder and kind', async () => {
    const asked = request(dir(), ref, 'reviewer', { body: 'q', from: 'builder' });
    reply(dir(), ref, asked, { body: 'from ops', from: 'ops' });
    reply(dir(), ref, asked, { body: 'status', from: 'reviewer' });
    reply(dir(), ref, asked, { body: 'verdict', from: 'reviewer', kind: 'decision' });
    const r = await waitReply(dir(), ref, asked, {
      timeout_ms: 0,
      from: 'reviewer',
      kind: 'decision',
    });
    expect(r.replies.map((m) => m.body)).toEqual(['verdict']);
  });

  it('ack: true advances the reply consumer, so the next wait only sees newer replies', async () => {
    const asked = request(dir(), ref, 'reviewer', { body: 'q' });
    const first = reply(dir(), ref, asked, { body: 'first' });
    const r = await waitReply(dir(), ref, asked, { timeout_ms: 0, ack: true });
    expect(r.acknowledged?.cursor).toBe(first.cursor);
    expect(getCursor(dir(), ref, `reply.${asked.id}`)).toBe(first.cursor);
    expect((await waitReply(dir(), ref, asked, { timeout_ms: 0 })).status).toBe('timeout');
    reply(dir(), ref, asked, { body: 'second' });
    expect((await waitReply(dir(), ref, asked, { timeout_ms: 0 })).reply?.body).toBe('second');
    // Another consumer still sees both.
    const all = await waitReply(dir(), ref, asked, { timeout_ms: 0, consumer_id: 'auditor' });
    expect(all.replies.map((m) => m.body)).toEqual(['first', 'second']);
  });

  it('derives a valid default consumer even for ids near the name limit', () => {
    expect(defaultReplyConsumer('q-1')).toBe('reply.q-1');
    const long = defaultReplyConsumer('x'.repeat(128));
    expect(long).toMatch(/^reply\.[0-9a-f]{40}$/);
  });

  it('rejects bad options before waiting', async () => {
    await expect(waitReply(dir(), ref, 'a b')).rejects.toThrow(/request id/);
    await expect(waitReply(dir(), ref, 'q', { timeout_ms: -1 })).rejects.toThrow(/timeout_ms/);
    await expect(waitReply(dir(), ref, 'q', { poll_interval_ms: 0 })).rejects.toThrow(
      /poll_interval_ms/,
    );
    await expect(waitReply(dir(), ref, {} as never)).rejects.toThrow(/request id is required/);
  });

  it('waits on a room whose directory does not exist yet (polling until it appears)', async () => {
    const fresh = parseRoomRef('task/new-task/talk');
    setTimeout(() => post(dir(), fresh, { body: 'late', reply_to: 'q-late' }), 150);
    const r = await waitReply(dir(), fresh, 'q-late', { timeout_ms: 5000, poll_interval_ms: 50 });
    expect(r.reply?.body).toBe('late');
  });
});
