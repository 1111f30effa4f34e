import { describe, expect, it } from 'vitest';
import { parseRoomRef, post, reply, request, send } from '../../../core/rooms/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('rooms-reply');
const ref = parseRoomRef('task/t-9/review');

describe('send', () => {
  it('addresses the message', () => {
    expect(send(dir(), ref, 'reviewer', { body: 'x' }).message.to).toBe('reviewer');
  });
});

describe('request', () => {
  it('is kind request with thread_id = its id, addressed', () => {
    const r = request(dir(), ref, 'reviewer', { body: 'ok to merge?', from: 'builder' });
    expect(r.message).toMatchObject({
      kind: 'request',
      to: 'reviewer',
      from: 'builder',
      thread_id: r.id,
    });
    expect(r.id).toMatch(/^coord-/);
  });

  it('keeps an explicit id, thread and kind, and is idempotent with an id', () => {
    const r = request(dir(), ref, 'reviewer', {
      body: 'q',
      id: 'q-1',
      thread_id: 'release',
      kind: 'blocker',
    });
    expect(r.message).toMatchObject({ id: 'q-1', thread_id: 'release', kind: 'blocker' });
    expect(request(dir(), ref, 'reviewer', { body: 'q', id: 'q-1' }).duplicate).toBe(true);
  });

  it('uses the dedupe key as id and thread', () => {
    const r = request(dir(), ref, 'reviewer', { body: 'q', dedupe_key: 'nightly' });
    expect(r.message).toMatchObject({ id: 'nightly', thread_id: 'nightly', dedupe_key: 'nightly' });
  });
});

describe('reply', () => {
  it('sets reply_to, thread_id, related_ids and answers the parent sender', () => {
    const asked = request(dir(), ref, 'reviewer', { body: 'ok?', from: 'builder' });
    const answer = reply(dir(), ref, asked.message, {
      body: 'yes',
      from: 'reviewer',
      related_ids: ['other'],
    });
    expect(answer.message).toMatchObject({
      to: 'builder',
      reply_to: asked.id,
      thread_id: asked.id,
      related_ids: ['other', asked.id],
      kind: 'status',
    });
  });

  it('accepts a receipt, keeps the parent thread, and lets `to` and thread be overridden', () => {
    const parent = post(dir(), ref, { body: 'fyi', from: 'a', thread_id: 'release-3' });
    expect(reply(dir(), ref, parent, { body: 'noted' }).message).toMatchObject({
      to: 'a',
      thread_id: 'release-3',
      reply_to: parent.id,
    });
    expect(
      reply(dir(), ref, parent, { body: 'x', to: '*', thread_id: 'side' }).message,
    ).toMatchObject({
      to: '*',
      thread_id: 'side',
    });
  });

  it('a parent without a thread starts one at its id; the parent id is not repeated in related_ids', () => {
    const parent = post(dir(), ref, { body: 'p', from: 'a' });
    const m = reply(dir(), ref, parent.message, { body: 'r', related_ids: [parent.id] }).message;
    expect(m.thread_id).toBe(parent.id);
    expect(m.related_ids).toEqual([parent.id]);
  });

  it('given only an id, looks the parent up in the room for its sender and thread', () => {
    const parent = post(dir(), ref, { body: 'p', from: { agent: 'planner' }, thread_id: 'th-1' });
    const m = reply(dir(), ref, { id: parent.id }, { body: 'r' }).message;
    expect(m).toMatchObject({ to: { agent: 'planner' }, thread_id: 'th-1', reply_to: parent.id });
    // Unknown parent: still a valid reply, unaddressed, in a thread named after the id.
    const orphan = reply(dir(), ref, { id: 'elsewhere-1' }, { body: 'r' }).message;
    expect(orphan).toMatchObject({ reply_to: 'elsewhere-1', thread_id: 'elsewhere-1' });
    expect('to' in orphan).toBe(false);
  });

  it('rejects a parent without an id', () => {
    expect(() => reply(dir(), ref, {} as never, { body: 'r' })).toThrow(/reply expects/);
  });
});
