// `baton room request | reply | wait-reply` through the real binary, in separate processes.
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../core/cli/exit-codes.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { batonJson } from '../support/baton-json.ts';

const dir = useTempDir('rooms-cli-request');
const ROOM = 'workspace/repo-a/planning';

const json = (...args: string[]) => batonJson(dir(), 'room', ...args, '--json');

describe('baton room request/reply/wait-reply (real CLI)', () => {
  it('request, reply from another process, wait-reply matches; a timeout exits 124 with the result', async () => {
    const asked = await json(
      'request',
      ROOM,
      '--to',
      'reviewer-2',
      '--body',
      'ok to merge?',
      '--from',
      'builder-1',
    );
    const id = asked.json.id as string;
    expect(asked.json).toMatchObject({
      kind: 'request',
      message: { thread_id: id, to: 'reviewer-2' },
    });
    const [waited, replied, timeout] = await Promise.all([
      json('wait-reply', ROOM, id, '--timeout', '25000'),
      json('reply', ROOM, '--reply-to', id, '--body', 'yes', '--from', 'reviewer-2'),
      json('wait-reply', ROOM, 'never-asked', '--timeout', '200'),
    ]);
    expect(replied.json.message).toMatchObject({
      to: 'builder-1',
      reply_to: id,
      thread_id: id,
      related_ids: [id],
    });
    expect(waited.code).toBe(0);
    expect(waited.json).toMatchObject({
      status: 'matched',
      reply: { id: replied.json.id, body: 'yes' },
    });
    expect(timeout.code).toBe(EXIT.timeout);
    expect(timeout.json).toMatchObject({
      status: 'timeout',
      matched: false,
      timed_out: true,
      replies: [],
    });
  });
});
