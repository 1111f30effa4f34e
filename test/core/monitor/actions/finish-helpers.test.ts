import { describe, expect, it } from 'vitest';
import { readOperatorAudit } from '../../../../core/audit/index.ts';
import { inbox, parseRoomRef, read } from '../../../../core/rooms/index.ts';
import { initDirectory } from '../../../../core/root.ts';
import type { ActionContext } from '../../../../core/monitor/actions/action-context.ts';
import { finishDone } from '../../../../core/monitor/actions/finish-done.ts';
import { finishFailedAttempt } from '../../../../core/monitor/actions/finish-failed-attempt.ts';
import { OPERATOR_ROOM } from '../../../../core/monitor/actions/operator-room.ts';
import { refuseAbsent } from '../../../../core/monitor/actions/refuse-absent.ts';
import type { FleetModel } from '../../../../core/monitor/fleet-model.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

const tempDir = useTempDir('finish-helpers');

/** What the finishing helpers use of a context: the directory, the clock and the operator. */
function context(): ActionContext {
  const dir = tempDir();
  initDirectory(dir);
  return {
    dir,
    operator: 'ana@console',
    by: 'ana',
    now: () => 1_700_000_000_000,
    // Never touched by the finishing helpers (the actions refresh the model themselves).
    model: undefined as unknown as FleetModel,
    history: undefined,
    afterAction: async () => undefined,
  };
}

const base = { action: 'release_lease', target: 'locks/a.lock.d' } as const;

function lastAudit(ctx: ActionContext) {
  return readOperatorAudit(ctx.dir).entries.at(-1)?.entry;
}

describe('the operator actions finishing helpers', () => {
  it('refuseAbsent audits null before and after and shows no current state', () => {
    const ctx = context();
    const result = refuseAbsent(ctx, base, 'not_found', 'no lease on a');
    expect(result).toMatchObject({ ok: false, code: 'not_found', message: 'no lease on a' });
    expect('current' in result).toBe(false);
    expect(lastAudit(ctx)).toMatchObject({ result: 'refused', before: null, after: null });
  });

  it('finishFailedAttempt shows and audits the target as re-read, not as it was', () => {
    const ctx = context();
    const before = { token: 'lease-old' };
    const now = { token: 'lease-new' };
    const result = finishFailedAttempt(ctx, base, before, now, {
      result: 'refused',
      code: 'changed',
      message: 'changed meanwhile',
    });
    expect(result).toMatchObject({ ok: false, code: 'changed', current: now });
    expect(lastAudit(ctx)).toMatchObject({ result: 'refused', before, after: now });

    const gone = finishFailedAttempt(ctx, base, before, undefined, {
      result: 'error',
      code: 'error',
      message: 'disk full',
    });
    expect(gone).toMatchObject({ ok: false, code: 'error', current: null });
    expect(lastAudit(ctx)).toMatchObject({ result: 'error', before, after: null });
    expect(read(ctx.dir, parseRoomRef(OPERATOR_ROOM)).messages).toEqual([]); // nobody told
  });

  it('finishDone audits before and after and tells the affected agent', () => {
    const ctx = context();
    const result = finishDone(ctx, base, { token: 'lease-1' }, undefined, 'released a', {
      to: 'builder-1',
      subject: 'operator released your lease on a',
      body: 'acquire it again',
    });
    expect(result).toMatchObject({ ok: true });
    expect(result.message).toMatch(/^released a; told builder-1/);
    expect(lastAudit(ctx)).toMatchObject({
      result: 'ok',
      before: { token: 'lease-1' },
      after: null,
    });
    const told = inbox(ctx.dir, parseRoomRef(OPERATOR_ROOM), { to: 'builder-1' }).messages;
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ kind: 'decision', from: 'ana@console', to: 'builder-1' });

    finishDone(ctx, base, null, null, 'posted');
    expect(read(ctx.dir, parseRoomRef(OPERATOR_ROOM)).messages).toHaveLength(1); // no notice
  });
});
