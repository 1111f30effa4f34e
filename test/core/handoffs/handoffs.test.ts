import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { broadcast } from '../../../core/handoffs/broadcast.ts';
import { createHandoff } from '../../../core/handoffs/create-handoff.ts';
import { acceptHandoff, declineHandoff } from '../../../core/handoffs/decide-handoff.ts';
import { handoffPaths } from '../../../core/handoffs/handoff-paths.ts';
import { listHandoffs, readHandoff } from '../../../core/handoffs/read-handoffs.ts';
import { layout } from '../../../core/layout.ts';
import { parseRoomRef, read, type Message } from '../../../core/rooms/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { thrownBatonError } from '../support/thrown-baton-error.ts';

const dir = useTempDir('handoffs');

function roomMessages(room: string): Message[] {
  return read(dir(), parseRoomRef(room)).messages.map((m) => m.message);
}

describe('createHandoff', () => {
  it('writes the pending record and posts a handoff message addressed to `to`', () => {
    const created = createHandoff(
      dir(),
      {
        from: 'builder-1',
        to: 'reviewer-2',
        message: 'parser done, please review',
        artifact: 'src/parser.ts',
        run_id: 'run-7',
        deadline_ms: 99_000,
      },
      { now: 1_000 },
    );
    expect(created.id).toMatch(/^handoff-19700101T000001000Z-[0-9a-f]{8}$/);
    expect(created.room).toBe('workspace/default/handoffs');
    const onDisk = JSON.parse(fs.readFileSync(created.path, 'utf8'));
    expect(onDisk).toEqual({
      schema: 'baton.handoff.v1',
      id: created.id,
      from: 'builder-1',
      to: 'reviewer-2',
      artifact: 'src/parser.ts',
      message: 'parser done, please review',
      run_id: 'run-7',
      thread_id: `${created.id}.created`,
      room: 'workspace/default/handoffs',
      created_at_ms: 1_000,
      deadline_ms: 99_000,
    });
    expect(created.path).toBe(layout(dir()).handoffFile('pending', created.id));
    const [message] = roomMessages('workspace/default/handoffs');
    expect(message).toMatchObject({
      id: `${created.id}.created`,
      kind: 'handoff',
      from: 'builder-1',
      to: 'reviewer-2',
      body: 'parser done, please review',
      data: { handoff_id: created.id, artifact: 'src/parser.ts', run_id: 'run-7' },
    });
    expect(created.message?.id).toBe(message!.id);
  });

  it('gives distinct ids to handoffs created in the same millisecond', () => {
    const ids = new Set(
      Array.from(
        { length: 50 },
        () => createHandoff(dir(), { from: 'a', to: 'b', message: 'm' }, { now: 5 }).id,
      ),
    );
    expect(ids.size).toBe(50);
  });

  it('refuses bad input before writing anything', () => {
    const bad = [
      { from: 'a b', to: 'b', message: 'm' },
      { from: 'a', to: '', message: 'm' },
      { from: 'a', to: 'b', message: '  ' },
      { from: 'a', to: 'b', message: 'm', room: 'nowhere' },
      { from: 'a', to: 'b', message: 'm', room: 'galaxy/x/y' },
      { from: 'a', to: 'b', message: 'm', deadline_ms: 1.5 },
      { from: 'a', to: 'b', message: 'm', run_id: '../r' },
    ];
    for (const input of bad)
      expect(thrownBatonError(() => createHandoff(dir(), input)).code).toBe('invalid_argument');
    expect(fs.existsSync(layout(dir()).handoffsDir)).toBe(false);
    expect(fs.existsSync(layout(dir()).roomsDir)).toBe(false);
  });

  it('posts to the room it names, as text or as an object', () => {
    createHandoff(dir(), { from: 'a', to: 'b', message: 'one', room: 'task/t1/review' });
    createHandoff(dir(), {
      from: 'a',
      to: 'b',
      message: 'two',
      room: { scope: 'task', scope_id: 't1', room: 'review' },
    });
    expect(roomMessages('task/t1/review').map((m) => m.body)).toEqual(['one', 'two']);
  });
});

describe('listHandoffs + readHandoff', () => {
  it('lists pending handoffs oldest first, for one agent or all, with age and overdue', () => {
    const late = createHandoff(
      dir(),
      { from: 'a', to: 'rev', message: 'late', deadline_ms: 1_500 },
      { now: 2_000 },
    );
    const early = createHandoff(dir(), { from: 'a', to: 'rev', message: 'early' }, { now: 1_000 });
    const other = createHandoff(
      dir(),
      { from: 'a', to: 'ops', message: 'x', deadline_ms: 9_000 },
      { now: 1_500 },
    );
    const { handoffs, diagnostics } = listHandoffs(dir(), { to: 'rev', now: 3_000 });
    expect(diagnostics).toEqual([]);
    expect(handoffs.map((h) => [h.id, h.age_ms, h.overdue])).toEqual([
      [early.id, 2_000, false],
      [late.id, 1_000, true],
    ]);
    expect(listHandoffs(dir(), { now: 3_000 }).handoffs.map((h) => h.id)).toEqual([
      early.id,
      other.id,
      late.id,
    ]);
  });

  it('follows a handoff through its decision, in every state filter', () => {
    const a = createHandoff(dir(), { from: 'a', to: 'rev', message: 'one' });
    const b = createHandoff(dir(), { from: 'a', to: 'rev', message: 'two' });
    createHandoff(dir(), { from: 'a', to: 'rev', message: 'three' });
    acceptHandoff(dir(), a.id, { by: 'rev', note: 'mine' });
    declineHandoff(dir(), b.id, { by: 'rev', reason: 'busy' });
    const ids = (state: 'pending' | 'accepted' | 'declined' | 'all') =>
      listHandoffs(dir(), { state }).handoffs.length;
    expect([ids('pending'), ids('accepted'), ids('declined'), ids('all')]).toEqual([1, 1, 1, 3]);
    expect(readHandoff(dir(), a.id)).toMatchObject({
      state: 'accepted',
      decision: { decision: 'accepted', by: 'rev', note: 'mine' },
      overdue: false,
    });
    expect(readHandoff(dir(), b.id).decision).toMatchObject({ by: 'rev', reason: 'busy' });
    expect(thrownBatonError(() => readHandoff(dir(), 'handoff-nope')).code).toBe('not_found');
  });

  it('reports a corrupt record as a diagnostic in lists and as unreadable when read', () => {
    const { id } = createHandoff(dir(), { from: 'a', to: 'b', message: 'm' });
    fs.writeFileSync(handoffPaths(dir()).record('pending', 'handoff-broken'), '{');
    const listed = listHandoffs(dir());
    expect(listed.handoffs.map((h) => h.id)).toEqual([id]);
    expect(listed.diagnostics).toHaveLength(1);
    expect(thrownBatonError(() => readHandoff(dir(), 'handoff-broken')).code).toBe('unreadable');
  });
});

describe('acceptHandoff + declineHandoff', () => {
  it('moves the record to accepted/ with its decision and acks the creator in the thread', () => {
    const created = createHandoff(dir(), {
      from: 'builder-1',
      to: 'reviewer-2',
      message: 'review please',
      artifact: 'src/a.ts',
    });
    const result = acceptHandoff(dir(), created.id, { by: 'reviewer-2', note: 'on it', now: 7 });
    const paths = handoffPaths(dir());
    expect(result.path).toBe(paths.record('accepted', created.id));
    expect(fs.existsSync(paths.record('pending', created.id))).toBe(false);
    expect(fs.readdirSync(paths.stateDir('pending'))).toEqual([]);
    expect(
      JSON.parse(fs.readFileSync(paths.decision('accepted', created.id), 'utf8')),
    ).toMatchObject({
      schema: 'baton.handoff_decision.v1',
      id: created.id,
      decision: 'accepted',
      by: 'reviewer-2',
      at_ms: 7,
      note: 'on it',
    });
    const [, ack] = roomMessages('workspace/default/handoffs');
    expect(ack).toMatchObject({
      kind: 'ack',
      from: 'reviewer-2',
      to: 'builder-1',
      reply_to: `${created.id}.created`,
      thread_id: `${created.id}.created`,
      data: { handoff_id: created.id, decision: 'accepted', by: 'reviewer-2', note: 'on it' },
    });
    expect(ack!.body).toContain('on it');
  });

  it('declines with a reason, posting a decision message', () => {
    const { id } = createHandoff(dir(), { from: 'a', to: 'b', message: 'm', room: 'task/t/h' });
    expect(thrownBatonError(() => declineHandoff(dir(), id, { by: 'b', reason: ' ' })).code).toBe(
      'invalid_argument',
    );
    declineHandoff(dir(), id, { by: 'b', reason: 'not my area' });
    expect(fs.existsSync(handoffPaths(dir()).record('declined', id))).toBe(true);
    const decision = roomMessages('task/t/h').find((m) => m.kind === 'decision');
    expect(decision).toMatchObject({ from: 'b', to: 'a', reply_to: `${id}.created` });
    expect(decision!.body).toContain('not my area');
  });

  it('refuses a second decision, naming the first decider', () => {
    const { id } = createHandoff(dir(), { from: 'a', to: 'b', message: 'm' });
    acceptHandoff(dir(), id, { by: 'b' });
    const again = thrownBatonError(() => acceptHandoff(dir(), id, { by: 'c' }));
    expect(again.code).toBe('conflict');
    expect(again.message).toBe(`handoff ${id} already accepted by b`);
    expect(again.detail).toMatchObject({ decision: { by: 'b', decision: 'accepted' } });
    expect(
      thrownBatonError(() => declineHandoff(dir(), id, { by: 'c', reason: 'r' })).message,
    ).toBe(`handoff ${id} already accepted by b`);
    expect(thrownBatonError(() => acceptHandoff(dir(), 'handoff-none', { by: 'c' })).code).toBe(
      'not_found',
    );
    expect(thrownBatonError(() => acceptHandoff(dir(), id, { by: 'not valid' })).code).toBe(
      'invalid_argument',
    );
  });

  it('shows a decision whose decider died mid-move, and the next decider finishes the move', () => {
    const { id } = createHandoff(dir(), { from: 'a', to: 'b', message: 'm' });
    const paths = handoffPaths(dir());
    // A winner that claimed 20 s ago and died before moving the record.
    const claim = {
      schema: 'baton.handoff_decision.v1',
      id,
      decision: 'declined',
      by: 'ghost',
      at_ms: Date.now() - 20_000,
      reason: 'gone',
    };
    fs.writeFileSync(paths.claim(id), JSON.stringify(claim));
    expect(readHandoff(dir(), id)).toMatchObject({ state: 'declined', settling: true });
    expect(listHandoffs(dir()).handoffs).toEqual([]);
    expect(thrownBatonError(() => acceptHandoff(dir(), id, { by: 'b' })).message).toBe(
      `handoff ${id} already declined by ghost`,
    );
    expect(fs.existsSync(paths.record('declined', id))).toBe(true);
    expect(fs.existsSync(paths.claim(id))).toBe(false);
    expect(readHandoff(dir(), id)).toMatchObject({ state: 'declined', settling: false });
    expect(roomMessages('workspace/default/handoffs').map((m) => m.kind)).toEqual([
      'handoff',
      'decision',
    ]);
  });

  it('leaves a fresh claim alone: its decider may still be moving', () => {
    const { id } = createHandoff(dir(), { from: 'a', to: 'b', message: 'm' });
    const paths = handoffPaths(dir());
    fs.writeFileSync(
      paths.claim(id),
      JSON.stringify({
        schema: 'baton.handoff_decision.v1',
        id,
        decision: 'accepted',
        by: 'fast',
        at_ms: Date.now(),
      }),
    );
    expect(thrownBatonError(() => acceptHandoff(dir(), id, { by: 'b' })).message).toBe(
      `handoff ${id} already accepted by fast`,
    );
    expect(fs.existsSync(paths.record('pending', id))).toBe(true);
  });
});

describe('broadcast', () => {
  it('posts a message addressed to everyone', () => {
    const receipt = broadcast(dir(), 'workspace/repo/general', {
      from: 'lead',
      body: 'freeze at 17:00',
    });
    expect(receipt.message).toMatchObject({ to: '*', from: 'lead', kind: 'status' });
    broadcast(dir(), parseRoomRef('workspace/repo/general'), {
      from: 'lead',
      body: 'found it',
      kind: 'finding',
    });
    expect(roomMessages('workspace/repo/general').map((m) => [m.to, m.kind])).toEqual([
      ['*', 'status'],
      ['*', 'finding'],
    ]);
  });
});
