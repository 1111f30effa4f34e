import { describe, expect, it } from 'vitest';
import type { ActionResult } from '../../core/api/contract.ts';
import type { AttentionItem, HandoffView } from '../../core/api/views.ts';
import { acceptHandoffPlan, declineHandoffPlan } from '../../renderer/src/actions/plans.tsx';
import { emptyEntities, type EntityMaps } from '../../renderer/src/state/entities.ts';
import { handoff, T0 } from './support/fixtures.ts';

const HANDOFF = handoff('h-1', { message: 'PR ready for review' });

function overdue(key: string, subjectKey: string): AttentionItem {
  return {
    key,
    kind: 'handoff_overdue',
    severity: 'warning',
    title: key,
    since_ms: T0,
    subject: { entity: 'handoff', key: subjectKey },
    evidence: [],
  };
}

function entities(): EntityMaps {
  return {
    ...emptyEntities(),
    handoff: new Map([[HANDOFF.key, HANDOFF]]),
    attention: new Map([
      ['a-mine', overdue('a-mine', HANDOFF.key)],
      ['a-other', overdue('a-other', 'h-2')],
    ]),
  };
}

function ok(operator: string): Extract<ActionResult, { ok: true }> {
  return {
    ok: true,
    message: 'done',
    audit: {
      ts_ms: T0 + 5_000,
      operator,
      action: 'accept_handoff',
      target: HANDOFF.id,
      before: null,
      after: null,
      result: 'ok',
    },
  };
}

describe('handoff decision plans', () => {
  for (const [plan, decision] of [
    [acceptHandoffPlan, 'accepted'],
    [declineHandoffPlan, 'declined'],
  ] as const) {
    it(`${decision}: shows the decision at once and drops the handoff's attention items`, () => {
      const changes = plan(HANDOFF, 'console', entities()).onOk?.(ok('alice'), entities());
      expect(changes).toEqual([
        {
          op: 'upsert',
          entity: 'handoff',
          key: HANDOFF.key,
          value: {
            ...HANDOFF,
            state: decision,
            decision: { decision, by: 'alice', at_ms: T0 + 5_000 },
          },
        },
        { op: 'remove', entity: 'attention', key: 'a-mine' },
      ]);
    });

    it(`${decision}: falls back to the operator shown when the audit names none`, () => {
      const changes = plan(HANDOFF, 'console', entities()).onOk?.(ok(''), entities());
      expect(changes?.[0]).toMatchObject({ value: { decision: { by: 'console' } } });
    });

    it(`${decision}: a refusal shows the handoff as it is now, or leaves the row`, () => {
      const p = plan(HANDOFF, 'console', entities());
      const current: HandoffView = { ...HANDOFF, state: 'accepted' };
      expect(p.onRefused?.({ ok: false, code: 'changed', message: 'no', current })).toEqual([
        { op: 'upsert', entity: 'handoff', key: HANDOFF.key, value: current },
      ]);
      expect(p.onRefused?.({ ok: false, code: 'error', message: 'no' })).toEqual([]);
    });

    it(`${decision}: the engine's record wins when its delta is already in the store`, () => {
      // The engine sends its delta before the reply: the store already shows the real decision,
      // with its note or reason, and a stand-in must not overwrite it.
      const real: HandoffView = {
        ...HANDOFF,
        state: decision,
        decision: { decision, by: 'alice@host', at_ms: T0 + 4_990, note: 'taking this one' },
      };
      const now = { ...entities(), handoff: new Map([[HANDOFF.key, real]]) };
      const changes = plan(HANDOFF, 'console', entities()).onOk?.(ok('alice'), now);
      expect(changes).toEqual([{ op: 'remove', entity: 'attention', key: 'a-mine' }]);
    });

    it(`${decision}: the dialog follows the store, and says when an agent decided first`, () => {
      const p = plan(HANDOFF, 'console', entities());
      expect(p.follow?.(entities(), T0, 'now').changed).toBeUndefined();
      const decided: HandoffView = {
        ...HANDOFF,
        state: 'accepted',
        decision: { decision: 'accepted', by: 'reviewer', at_ms: T0 + 1_000 },
      };
      const now = { ...entities(), handoff: new Map([[HANDOFF.key, decided]]) };
      const followed = p.follow?.(now, T0 + 2_000, 'now');
      expect(followed?.changed).toBe('already accepted by reviewer');
      expect(followed?.facts).toContainEqual(['Decision', 'accepted by reviewer']);
      expect(p.follow?.(emptyEntities(), T0, 'now').changed).toBe('the handoff no longer exists');
    });
  }
});
