import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { HandoffView } from '../../core/api/views.ts';
import { createClient } from '../../core/api/client.ts';
import { acceptHandoffPlan } from '../../renderer/src/actions/plans.tsx';
import { AppContext, type AppServices } from '../../renderer/src/app-context.tsx';
import { HandoffDeadline } from '../../renderer/src/components/handoff-deadline.tsx';
import { KeyValues } from '../../renderer/src/components/key-values.tsx';
import { emptyEntities } from '../../renderer/src/state/entities.ts';
import { createMonitorStore } from '../../renderer/src/state/monitor-store.ts';
import { createTicker } from '../../renderer/src/state/ticker.ts';
import { createUiStore } from '../../renderer/src/state/ui-store.ts';
import { fakeCarrier } from './support/fake-carrier.ts';
import { T0 } from './support/fixtures.ts';

// A handoff's deadline reads "overdue by 2m 31s" (not "overdue by 2m 31s ago"), and a decided
// handoff has no live countdown.
const PENDING: HandoffView = {
  key: 'h-1',
  id: 'h-1',
  state: 'pending',
  from: 'builder-1',
  to: 'reviewer',
  message: 'PR ready',
  created_at_ms: T0 - 600_000,
  deadline_ms: T0 - 151_000,
};

function html(element: React.ReactElement): string {
  const services: AppServices = {
    client: createClient(fakeCarrier()),
    monitor: createMonitorStore(),
    ticker: createTicker({ localNow: () => T0 }),
    ui: createUiStore({ theme: 'light' }),
  };
  return renderToStaticMarkup(
    <AppContext.Provider value={services}>{element}</AppContext.Provider>,
  );
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
