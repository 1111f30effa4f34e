import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { HandoffView, LeaseView } from '../../core/api/views.ts';
import { acceptHandoffPlan, releaseLeasePlan } from '../../renderer/src/actions/plans.tsx';
import type { ActionPlan } from '../../renderer/src/actions/action-plan.ts';
import type { AppServices } from '../../renderer/src/app-context.tsx';
import { ActionDialog, Outcome } from '../../renderer/src/components/action-dialog.tsx';
import { formatTimestamp } from '../../renderer/src/format/duration.ts';
import { emptyEntities } from '../../renderer/src/state/entities.ts';
import { handoff, lease, snapshot, T0 } from './support/fixtures.ts';
import { renderStatic, staticServices } from './support/static-render.tsx';

// The confirm dialog as first rendered with a plan open: its facts are the store's, it says
// when the subject changed since the plan was made, and confirm is off while it cannot be sent.
const STALE = lease('src/a.ts', { expires: T0 - 5_000, state: 'stale', holder: 'alice' });

function render(opts: {
  leases: LeaseView[];
  handoffs?: HandoffView[];
  plan: (s: AppServices) => ActionPlan;
  connected?: boolean;
}): string {
  const services = staticServices({
    snapshot: snapshot({ leases: opts.leases, handoffs: opts.handoffs ?? [] }),
    connection:
      opts.connected !== false
        ? { state: 'open', generation: 1, since_ms: T0 }
        : { state: 'closed', reason: 'socket closed', fatal: false },
    view: 'leases',
  });
  services.ui.getState().openAction(opts.plan(services));
  return renderStatic(services, <ActionDialog />);
}

const confirmButton = (html: string) =>
  /<button type="submit"[^>]*data-testid="confirm-action"[^>]*>/.exec(html)?.[0] ?? '';

describe('action dialog', () => {
  it('a postMessage plan without a body: confirm off, and it says why', () => {
    const html = render({
      leases: [],
      plan: () => ({
        title: 'Reply to bob',
        request: 'postMessage',
        input: { room: 'session/s1/general', to: 'bob', kind: 'ack' },
        facts: [],
        effect: 'Posts.',
        confirmLabel: 'Reply to bob',
        danger: false,
      }),
    });
    expect(html).toContain('data-testid="confirm-missing"');
    expect(confirmButton(html)).toContain('disabled');
  });

  it('unchanged and connected: the facts as they are, confirm enabled', () => {
    const html = render({
      leases: [STALE],
      plan: () => releaseLeasePlan(STALE, T0, emptyEntities()),
    });
    expect(html).toContain('As it is now');
    expect(html).not.toContain('Changed since you opened this');
    expect(confirmButton(html)).not.toContain('disabled');
  });

  it('a lease re-acquired by someone else while open: the new facts, a notice, confirm off', () => {
    const dave = lease('src/a.ts', { expires: T0 + 600_000, holder: 'dave', token: 'tok-dave' });
    const html = render({
      leases: [dave],
      // The plan was made from the stale lease alice held; the store now shows dave's.
      plan: () => releaseLeasePlan(STALE, T0, emptyEntities()),
    });
    expect(html).toContain('Changed since you opened this:</strong> now held by dave (active)');
    const facts = /<section aria-label="As it is now">.*?<\/section>/.exec(html)?.[0] ?? '';
    expect(facts).toContain('tok-dave');
    expect(facts).not.toContain('tok-src/a.ts');
    expect(confirmButton(html)).toContain('disabled');
  });

  it('a handoff an agent decided while open: a notice, confirm off', () => {
    const pending = handoff('h-1', { created_at_ms: T0 - 60_000 });
    const decided: HandoffView = {
      ...pending,
      state: 'declined',
      decision: { decision: 'declined', by: 'reviewer', at_ms: T0 - 1_000, reason: 'not mine' },
    };
    const html = render({
      leases: [],
      handoffs: [decided],
      plan: (s) => acceptHandoffPlan(pending, 'op', s.monitor.getState().entities),
    });
    expect(html).toContain('already declined by reviewer');
    expect(confirmButton(html)).toContain('disabled');
  });

  it('disconnected: confirm off, with a one-line reason', () => {
    const html = render({
      leases: [STALE],
      plan: () => releaseLeasePlan(STALE, T0, emptyEntities()),
      connected: false,
    });
    expect(confirmButton(html)).toContain('disabled');
    expect(html).toContain('data-testid="confirm-blocked"');
    expect(html).toContain('Not connected to the monitor');
  });

  it('shows the instants of a refusal in local time, as the rest of the screen does', () => {
    const until = T0 + 600_000;
    const html = renderToStaticMarkup(
      <Outcome
        phase={{
          at: 'done',
          result: {
            ok: false,
            code: 'changed',
            message: `lease on src/a.ts was renewed by erin, active until ${new Date(until).toISOString()}`,
          },
        }}
        onAudit={() => undefined}
        close={() => undefined}
      />,
    );
    expect(html).toContain(`active until ${formatTimestamp(until)}`);
    expect(html).not.toContain(new Date(until).toISOString());
  });
});
