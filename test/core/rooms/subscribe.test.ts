import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseRoomRef,
  post,
  roomFile,
  send,
  subscribe,
  type Message,
} from '../../../core/rooms/index.ts';
import { runNode } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('rooms-subscribe');
const ROOM = 'task/t-3/feed';
const ref = parseRoomRef(ROOM);

/** Resolve once `check()` holds, polling every 10 ms; reject after `ms`. */
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('subscribe', () => {
  it('delivers existing then new messages in order with their cursors, and stops', async () => {
    const first = post(dir(), ref, { body: 'one' });
    const got: Array<[string, number]> = [];
    const stop = subscribe(dir(), ref, { onMessage: (m, c) => got.push([m.body, c]) });
    expect(got).toEqual([]); // nothing before subscribe() returned
    await until(() => got.length === 1);
    const second = post(dir(), ref, { body: 'two' });
    await until(() => got.length === 2);
    expect(got).toEqual([
      ['one', first.cursor],
      ['two', second.cursor],
    ]);
    stop();
    post(dir(), ref, { body: 'three' });
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toHaveLength(2);
  });

  it('starts at from_cursor, applies a filter, and stops on an AbortSignal', async () => {
    const a = send(dir(), ref, 'b', { body: 'a' });
    send(dir(), ref, 'c', { body: 'for c' });
    send(dir(), ref, 'b', { body: 'b' });
    const controller = new AbortController();
    const got: string[] = [];
    subscribe(dir(), ref, {
      from_cursor: a.cursor,
      filter: { to: 'b' },
      signal: controller.signal,
      onMessage: (m) => got.push(m.body),
    });
    await until(() => got.length === 1);
    controller.abort();
    send(dir(), ref, 'b', { body: 'late' });
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual(['b']);
  });

  it('follows a room that does not exist yet', async () => {
    const got: string[] = [];
    const stop = subscribe(dir(), parseRoomRef('task/later/feed'), {
      poll_interval_ms: 50,
      onMessage: (m) => got.push(m.body),
    });
    await new Promise((r) => setTimeout(r, 100));
    post(dir(), parseRoomRef('task/later/feed'), { body: 'first' });
    await until(() => got.length === 1);
    stop();
  });

  it('reports an onMessage error to onError and stops', async () => {
    post(dir(), ref, { body: 'a' });
    post(dir(), ref, { body: 'b' });
    const seen: string[] = [];
    let failure: unknown;
    subscribe(dir(), ref, {
      onMessage: (m) => {
        seen.push(m.body);
        throw new Error('handler broke');
      },
      onError: (e) => (failure = e),
    });
    await until(() => failure !== undefined);
    expect((failure as Error).message).toBe('handler broke');
    expect(seen).toEqual(['a']);
  });

  it('tailing a file being appended by another process never errors nor skips a line', async () => {
    post(dir(), ref, { body: 'before' });
    const got: Message[] = [];
    const diagnostics: string[] = [];
    let failure: unknown;
    const stop = subscribe(dir(), ref, {
      poll_interval_ms: 1000,
      onMessage: (m) => got.push(m),
      onDiagnostic: (d) => diagnostics.push(d.reason),
      onError: (e) => (failure = e),
    });
    // 30 messages, every third written in two halves with a pause (a torn last line for a
    // while), and one corrupt line in the middle.
    const writer = await runNode('test/core/rooms/fixtures/torn-writer.ts', [
      dir(),
      ROOM,
      '30',
      '5',
    ]);
    expect(writer.stderr).toBe('');
    const written = JSON.parse(writer.stdout) as string[];
    await until(() => got.length === 31);
    stop();
    expect(failure).toBeUndefined();
    expect(got.map((m) => m.id).slice(1)).toEqual(written);
    expect(diagnostics).toEqual(['malformed']);
    expect(fs.statSync(roomFile(dir(), ref)).size).toBeGreaterThan(0);
  });
});
