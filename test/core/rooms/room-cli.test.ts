// The room commands through the real `baton` binary: posting, reading and input errors.
// (room-cli-request: request/reply/wait-reply; room-cli-follow: inbox/ack/cursor/list;
// room-cli-tail: tail.) Split in small files: each CLI start costs about a second.
// Each CLI start costs about a second, so setup that is not under test uses the library.
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../core/cli/exit-codes.ts';
import { parseRoomRef, read, request } from '../../../core/rooms/index.ts';
import { runBaton } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { batonJson } from '../support/baton-json.ts';

const dir = useTempDir('rooms-cli');
const ROOM = 'workspace/repo-a/planning';
const ref = parseRoomRef(ROOM);

const json = (...args: string[]) => batonJson(dir(), 'room', ...args, '--json');

describe('baton room (real CLI)', () => {
  it('post --json prints a receipt; read prints messages oldest first with their cursors', async () => {
    const posted = await json(
      'post',
      ROOM,
      '--kind',
      'claim',
      '--body',
      'taking parser\nmore',
      '--from',
      'builder-1',
      '--to',
      'reviewer-2',
      '--id',
      'c-1',
      '--subject',
      'Parser',
      '--thread',
      'th-1',
      '--data',
      '{"files":["src/parser.ts"]}',
    );
    expect(posted.code).toBe(0);
    expect(posted.json).toMatchObject({
      schema: 'harn.coordination.receipt.v1',
      id: 'c-1',
      duplicate: false,
      kind: 'claim',
      subject: 'Parser',
      message: {
        from: 'builder-1',
        to: 'reviewer-2',
        thread_id: 'th-1',
        body: 'taking parser\nmore',
        data: { files: ['src/parser.ts'] },
      },
    });
    expect(posted.json.cursor).toBe(read(dir(), ref).next_cursor);
    request(dir(), ref, 'builder-1', { body: 'second', from: 'reviewer-2' });

    const [listed, human] = await Promise.all([
      json('read', ROOM, '--limit', '5'),
      runBaton(['--dir', dir(), 'room', 'read', ROOM, '--from-cursor', String(posted.json.cursor)]),
    ]);
    expect(listed.code).toBe(0);
    const messages = listed.json.messages as Array<{ cursor: number; message: { body: string } }>;
    expect(messages.map((m) => m.message.body)).toEqual(['taking parser\nmore', 'second']);
    expect(messages[0]!.cursor).toBe(posted.json.cursor);
    expect(listed.json.next_cursor).toBe(read(dir(), ref).next_cursor);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^@\d+ \d\d:\d\d:\d\d request reviewer-2 -> builder-1: second \[coord-/,
    );
    expect(human.stdout).not.toMatch(/Parser/);
  });

  it('rejects bad input with exit 2 and a JSON error, writing nothing; an unknown parent is exit 3', async () => {
    const cases = [
      ['post', 'planning', '--body', 'x'],
      ['post', ROOM, '--body', 'x', '--kind', 'chat'],
      ['send', ROOM, '--body', 'x', '--data', '{oops', '--to', 'b'],
    ];
    const [ghost, ...results] = await Promise.all([
      json('reply', ROOM, '--reply-to', 'ghost', '--body', 'x'),
      ...cases.map((args) => json(...args)),
    ]);
    expect(ghost!.code).toBe(EXIT.notFound);
    expect(ghost!.stderr).toMatch(/message "ghost" is not in room workspace\/repo-a\/planning/);
    for (const r of results) {
      expect(r.code).toBe(EXIT.usage);
      expect(r.json).toMatchObject({ error: { code: 'invalid_argument' } });
    }
    expect((results[0]!.json.error as { message: string }).message).toMatch(
      /SCOPE\/SCOPE_ID\/ROOM/,
    );
    expect(read(dir(), ref).messages).toEqual([]);
  });
});
