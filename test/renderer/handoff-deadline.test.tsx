import { describe, expect, it } from 'vitest';
import type { HandoffView } from '../../core/api/views.ts';
import { acceptHandoffPlan } from '../../renderer/src/actions/plans.tsx';
import { HandoffDeadline } from '../../renderer/src/components/handoff-deadline.tsx';
import { KeyValues } from '../../renderer/src/components/key-values.tsx';
import { emptyEntities } from '../../renderer/src/state/entities.ts';
import { handoff, T0 } from './support/fixtures.ts';
import { renderStatic, staticServices } from './support/static-render.tsx';

// A handoff's deadline reads "overdue by 2m 31s" (not "overdue by 2m 31s ago"), and a decided
// handoff has no live countdown.
const PENDING = handoff('h-1', { created_at_ms: T0 - 600_000, deadline_ms: T0 - 151_000 });

function html(element: React.ReactElement): string {
  return renderStatic(staticServices(), element);
}

describe('handoff deadline', () => {
  it('pending and past its deadline: "overdue by 2m 31s"', () => {
    const text = html(<HandoffDeadline handoff={PENDING} />);
    expect(text).toContain('>overdue by 2m 31s<');
    expect(text).not.toContain('ago');
  });

  it('pending before its deadline: "due in 7m"', () => {
    expect(html(<HandoffDeadline handoff={{ ...PENDING, deadline_ms: T0 + 420_000 }} />)).toContain(
      '>due in 7m<',
    );
  });

  it('decided: no countdown, but whether the decision beat the deadline', () => {
    const decided: HandoffView = {
      ...PENDING,
      deadline_ms: T0 + 420_000,
      state: 'accepted',
      decision: { decision: 'accepted', by: 'reviewer', at_ms: T0 - 1_000 },
    };
    const text = html(<HandoffDeadline handoff={decided} />);
    expect(text).not.toContain('due in');
    expect(text).not.toContain('countdown');
    expect(text).toContain('decided before its deadline');
    const late = { ...decided, deadline_ms: T0 - 60_000 };
    expect(html(<HandoffDeadline handoff={late} />)).toContain('decided after its deadline');
  });

  it('the confirm dialog facts read the same', () => {
    const plan = acceptHandoffPlan(PENDING, 'op', emptyEntities());
    const text = html(<KeyValues rows={plan.facts} />);
    expect(text).toContain('overdue by 2m 31s');
    expect(text).not.toContain('overdue by 2m 31s ago');
  });
});
