import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatonError } from '../../../core/errors.ts';
import { MAX_RECORD_BYTES } from '../../../core/files/jsonl.ts';
import {
  defaultSubject,
  MESSAGE_SCHEMA,
  MessageSchema,
  parseRoomRef,
  post,
  read,
  roomFile,
  type PostInput,
} from '../../../core/rooms/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('rooms-post');
const ref = parseRoomRef('workspace/repo-a/planning');

function lines(): string[] {
  const file = roomFile(dir(), ref);
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

describe('post', () => {
  it('appends one envelope line and returns a receipt whose cursor ends that line', () => {
    const receipt = post(dir(), ref, { body: 'hello', from: 'builder-1', to: 'reviewer-2' });
    const file = roomFile(dir(), ref);
    expect(file).toBe(path.join(dir(), 'rooms/workspace/repo-a/planning.jsonl'));
    const text = fs.readFileSync(file, 'utf8');
    expect(receipt.offset).toBe(0);
    expect(receipt.cursor).toBe(Buffer.byteLength(text));
    expect(receipt.duplicate).toBe(false);
    const line = JSON.parse(text);
    expect(MessageSchema.parse(line)).toEqual(receipt.message);
    expect(line).toMatchObject({
      schema: MESSAGE_SCHEMA,
      scope: 'workspace',
      scope_id: 'repo-a',
      room: 'planning',
      kind: 'status',
      from: 'builder-1',
      to: 'reviewer-2',
      subject: 'hello',
      body: 'hello',
      refs: [],
      related_ids: [],
    });
    expect(typeof line.ts_ms).toBe('number');
    expect(Date.parse(line.created_at)).not.toBeNaN();
    expect(receipt).toMatchObject({
      schema: 'harn.coordination.receipt.v1',
      id: line.id,
      scope: 'workspace',
      scope_id: 'repo-a',
      room: 'planning',
      kind: 'status',
      subject: 'hello',
    });
  });

  it('generates unique, time-ordered coord- ids', () => {
    const ids = Array.from({ length: 300 }, () => post(dir(), ref, { body: 'x' }).id);
    expect(new Set(ids).size).toBe(300);
    for (const id of ids)
      expect(id).toMatch(
        /^coord-[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    expect([...ids].sort()).toEqual(ids);
  });

  it('leaves out fields that were not given, keeps data, refs and ttl', () => {
    const m = post(dir(), ref, {
      body: 'b',
      data: { n: 1 },
      refs: [{ path: 'src/a.ts' }],
      ttl: 60,
      privacy: 'team',
    }).message;
    expect('to' in m).toBe(false);
    expect('reply_to' in m).toBe(false);
    expect('thread_id' in m).toBe(false);
    expect(m).toMatchObject({
      data: { n: 1 },
      refs: [{ path: 'src/a.ts' }],
      ttl: 60,
      privacy: 'team',
    });
  });

  it('uses $BATON_AGENT_ID as the default sender, else anonymous', () => {
    const saved = process.env.BATON_AGENT_ID;
    try {
      process.env.BATON_AGENT_ID = 'env-agent';
      expect(post(dir(), ref, { body: 'a' }).message.from).toBe('env-agent');
      delete process.env.BATON_AGENT_ID;
      expect(post(dir(), ref, { body: 'a' }).message.from).toBe('anonymous');
    } finally {
      if (saved === undefined) delete process.env.BATON_AGENT_ID;
      else process.env.BATON_AGENT_ID = saved;
    }
  });

  it('normalises the kind as the seed does and accepts every kind', () => {
    expect(post(dir(), ref, { body: 'x', kind: ' Claim ' as never }).kind).toBe('claim');
    for (const kind of [
      'status',
      'claim',
      'ack',
      'done',
      'finding',
      'checkin',
      'heartbeat',
      'handoff',
      'blocker',
      'decision',
      'request',
      'fact',
    ] as const) {
      expect(post(dir(), ref, { body: 'x', kind }).kind).toBe(kind);
    }
  });

  it('takes an actor object as sender', () => {
    const m = post(dir(), ref, { body: 'x', from: { agent: 'planner', run_id: 'r1' } }).message;
    expect(m.from).toEqual({ agent: 'planner', run_id: 'r1' });
  });
});

describe('subject', () => {
  it("defaults to the body's first line cut at 96 characters", () => {
    expect(post(dir(), ref, { body: 'Build green\nall tests pass' }).subject).toBe('Build green');
    const long = 'a'.repeat(120);
    expect(post(dir(), ref, { body: long }).subject).toBe('a'.repeat(96));
    expect(post(dir(), ref, { body: '' }).subject).toBe('');
  });

  it('cuts by characters, never inside a surrogate pair', () => {
    const subject = defaultSubject('😀'.repeat(100));
    expect(Array.from(subject)).toHaveLength(96);
    expect(subject).toBe('😀'.repeat(96));
  });

  it('keeps an explicit subject, trimmed', () => {
    expect(post(dir(), ref, { body: 'long text', subject: '  Short  ' }).subject).toBe('Short');
  });
});

describe('validation (nothing is written)', () => {
  const cases: Array<[string, PostInput, RegExp]> = [
    ['unknown kind', { body: 'x', kind: 'chat' as never }, /kind "chat" is not one of/],
    ['id with whitespace', { body: 'x', id: 'a b' }, /message id "a b"/],
    ['id with a colon', { body: 'x', id: 'a:b' }, /message id "a:b"/],
    ['id with a slash', { body: 'x', id: '../x' }, /message id/],
    ['dedupe key with whitespace', { body: 'x', dedupe_key: 'k k' }, /dedupe key/],
    ['reply_to not a name', { body: 'x', reply_to: 'a b' }, /reply_to/],
    ['thread not a name', { body: 'x', thread_id: 'a\tb' }, /thread id/],
    ['related id not a name', { body: 'x', related_ids: ['ok', 'n o'] }, /related id/],
    ['body missing', { body: undefined as never }, /body must be a string/],
    ['to with whitespace', { body: 'x', to: 'a b' }, /to "a b"/],
    ['from empty', { body: 'x', from: '' }, /from ""/],
    ['actor without ids', { body: 'x', to: { note: 'x' } as never }, /to must name at least one/],
    ['refs not an array', { body: 'x', refs: 'a' as never }, /refs must be an array/],
    ['bad created_at', { body: 'x', created_at: 'yesterday' }, /created_at "yesterday"/],
    ['unserialisable data', { body: 'x', data: { n: 10n } }, /data is not JSON-serialisable/],
  ];
  it.each(cases)('rejects %s', (_label, input, message) => {
    let error: unknown;
    try {
      post(dir(), ref, input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BatonError);
    expect((error as BatonError).code).toBe('invalid_argument');
    expect((error as Error).message).toMatch(message);
    expect(fs.existsSync(path.join(dir(), 'rooms'))).toBe(false);
  });

  it('refuses a message over 1 MiB with a clear error, with or without an id', () => {
    const body = 'x'.repeat(MAX_RECORD_BYTES);
    for (const input of [{ body }, { body, id: 'big-1' }]) {
      let error: unknown;
      try {
        post(dir(), ref, input);
      } catch (e) {
        error = e;
      }
      expect((error as BatonError).code).toBe('record_too_large');
      expect((error as Error).message).toMatch(/over the 1048576-byte limit/);
    }
    expect(lines()).toEqual([]);
    // The refused explicit-id post left no claim: the id is still free.
    expect(post(dir(), ref, { body: 'small', id: 'big-1' }).duplicate).toBe(false);
  });

  it('accepts a message just under the limit', () => {
    // Same envelope fields (ids of the same length, fixed subject): only the body length differs.
    const probe = post(dir(), ref, { body: '', subject: 's', id: 'id-1' });
    const overhead = probe.cursor - probe.offset;
    const r = post(dir(), ref, {
      body: 'y'.repeat(MAX_RECORD_BYTES - overhead - 10),
      subject: 's',
      id: 'id-2',
    });
    expect(r.cursor - r.offset).toBeLessThanOrEqual(MAX_RECORD_BYTES);
    expect(read(dir(), ref).messages.map((e) => e.message.id)).toEqual(['id-1', 'id-2']);
  });
});

describe('idempotent posts', () => {
  it('a repeated explicit id appends nothing and returns the original receipt', () => {
    const first = post(dir(), ref, { id: 'deploy-42', body: 'first', from: 'a' });
    const again = post(dir(), ref, { id: 'deploy-42', body: 'second', from: 'b' });
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(lines()).toHaveLength(1);
  });

  it('dedupe_key becomes the id (as the seed) and dedupes', () => {
    const first = post(dir(), ref, { dedupe_key: 'nightly-2024-05-01', body: 'a' });
    expect(first.id).toBe('nightly-2024-05-01');
    expect(first.message.dedupe_key).toBe('nightly-2024-05-01');
    expect(post(dir(), ref, { dedupe_key: 'nightly-2024-05-01', body: 'b' }).duplicate).toBe(true);
    expect(lines()).toHaveLength(1);
  });

  it('is per room: the same id in another room is a new message', () => {
    post(dir(), ref, { id: 'same', body: 'a' });
    const other = post(dir(), parseRoomRef('workspace/repo-a/other'), { id: 'same', body: 'a' });
    expect(other.duplicate).toBe(false);
  });

  it('posts without an id are never deduplicated', () => {
    post(dir(), ref, { body: 'same' });
    post(dir(), ref, { body: 'same' });
    expect(lines()).toHaveLength(2);
  });

  it('finds the line of a claim whose poster crashed before recording it', () => {
    const first = post(dir(), ref, { id: 'crashy', body: 'a' });
    // Simulate a crash after the append but before the claim was completed: an old, pending claim.
    const claimFile = path.join(dir(), 'rooms/workspace/repo-a/planning.ids/crashy.json');
    const claim = JSON.parse(fs.readFileSync(claimFile, 'utf8'));
    delete claim.offset;
    delete claim.cursor;
    claim.claimed_at_ms = Date.now() - 60_000;
    fs.writeFileSync(claimFile, JSON.stringify(claim));
    const again = post(dir(), ref, { id: 'crashy', body: 'b' });
    expect(again.duplicate).toBe(true);
    expect(again.cursor).toBe(first.cursor);
    expect(lines()).toHaveLength(1);
  });

  it('takes over a claim whose poster crashed before appending', () => {
    const claimsDir = path.join(dir(), 'rooms/workspace/repo-a/planning.ids');
    post(dir(), ref, { id: 'other', body: 'x' }); // creates the room and the claims directory
    const pending = {
      schema: 'baton.room_id_claim.v1',
      id: 'lost',
      token: 'dead',
      pid: 1,
      host: 'h',
      claimed_at_ms: Date.now() - 60_000,
      size_at_claim: 0,
      message: post(dir(), parseRoomRef('task/t/scratch'), { body: 'never appended' }).message,
    };
    fs.writeFileSync(path.join(claimsDir, 'lost.json'), JSON.stringify(pending));
    const r = post(dir(), ref, { id: 'lost', body: 'really posted' });
    expect(r.duplicate).toBe(false);
    expect(r.message.body).toBe('really posted');
    expect(post(dir(), ref, { id: 'lost', body: 'again' }).duplicate).toBe(true);
    expect(lines()).toHaveLength(2);
  });
});
