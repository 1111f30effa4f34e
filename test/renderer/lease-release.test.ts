import { describe, expect, it } from 'vitest';
import type { AttentionItem, LeaseView } from '../../core/api/views.ts';
import { LeaseStateSchema } from '../../core/leases/lease-schema.ts';
import { releaseLeasePlan } from '../../renderer/src/actions/plans.tsx';
import { emptyEntities } from '../../renderer/src/state/entities.ts';
import { entitiesFromSnapshot } from '../../renderer/src/state/entities.ts';
import {
  releaseNeedsForce,
  releaseVerb,
  withReleaseVerb,
} from '../../renderer/src/state/lease-release.ts';
import { attentionRows } from '../../renderer/src/state/selectors.ts';
import { lease, snapshot, T0 } from './support/fixtures.ts';

/** Every state, with a record that has not expired, one that has, and none at all. */
function variants(): { name: string; lease: LeaseView; now: number }[] {
  const out: { name: string; lease: LeaseView; now: number }[] = [];
  for (const state of LeaseStateSchema.options) {
    out.push({ name: `${state}, record live`, lease: lease('src/a.ts', { state }), now: T0 });
    out.push({
      name: `${state}, record expired`,
      lease: lease('src/a.ts', { state }),
      now: T0 + 60_001,
    });
    const { record: _record, ...bare } = lease('src/a.ts', { state });
    out.push({ name: `${state}, no record`, lease: bare, now: T0 });
  }
  return out;
}

describe('release: the label says what the dialog will do', () => {
  it('the dialog asks for its reason by what is true of the lease', () => {
    const active = releaseLeasePlan(lease('src/a.ts', { state: 'active' }), T0, emptyEntities());
    expect(active.text?.label).toBe('Reason (required: this lease is not stale)');
    expect(active.confirmLabel).toBe('Force-release');
    const { record: _record, ...bare } = lease('src/a.ts', { state: 'unrecorded' });
    const unrecorded = releaseLeasePlan(bare, T0, emptyEntities());
    // No record: no holder to take it from, and "not stale" would be meaningless.
    expect(unrecorded.text?.label).toBe('Reason (required: this lock has no valid owner record)');
    expect(unrecorded.text?.placeholder).not.toMatch(/holder/);
    const stale = releaseLeasePlan(lease('src/a.ts', { state: 'stale' }), T0, emptyEntities());
    expect(stale.text?.label).toBe('Reason (optional)');
    expect(stale.confirmLabel).toBe('Release');
  });

  it.each(variants())('$name: force as the plan decides it', ({ lease: l, now }) => {
    const plan = releaseLeasePlan(l, now, emptyEntities());
    const force = releaseNeedsForce(l, now);
    expect(force).toBe(plan.input['force']);
    expect(plan.title.startsWith(`${releaseVerb(force)} `)).toBe(true);
  });

  it('an unrecorded or malformed lease (no usable record) is a force-release', () => {
    for (const state of ['unrecorded', 'malformed', 'acquiring'] as const) {
      const { record: _record, ...bare } = lease('src/a.ts', { state });
      expect(releaseNeedsForce(bare, T0)).toBe(true);
      expect(releaseVerb(releaseNeedsForce(bare, T0))).toBe('Force-release');
    }
    expect(releaseNeedsForce(lease('src/a.ts', { state: 'stale' }), T0)).toBe(false);
  });

  it('replaces only a leading release verb', () => {
    expect(withReleaseVerb('Release src/a.ts', true)).toBe('Force-release src/a.ts');
    expect(withReleaseVerb('Force-release src/a.ts', false)).toBe('Release src/a.ts');
    expect(withReleaseVerb('Force release src/a.ts', true)).toBe('Force-release src/a.ts');
    expect(withReleaseVerb('Release stale lease', false)).toBe('Release stale lease');
    expect(withReleaseVerb('Mark builder-1 gone', true)).toBe('Mark builder-1 gone');
    expect(withReleaseVerb('Releases', true)).toBe('Releases');
  });
});

function releaseItem(
  key: string,
  subject: AttentionItem['subject'],
  label: string,
  force: boolean,
): AttentionItem {
  return {
    key,
    kind: 'crashed_agent_holding',
    severity: 'critical',
    title: key,
    since_ms: T0,
    subject,
    evidence: [],
    action: {
      request: 'releaseLease',
      label,
      input: { resource_path: 'locks/src/a.ts.lock.d', force },
      needs_reason: force,
    },
  };
}

describe('attention queue: release actions are labelled like their dialog', () => {
  it('a lease subject: by the lease as it is now', () => {
    const active = lease('src/a.ts', { expires: T0 + 60_000 });
    const { record: _record, ...unrecorded } = lease('src/b.ts', { state: 'unrecorded' });
    const e = entitiesFromSnapshot(
      snapshot({
        leases: [active, unrecorded],
        attention: [
          // Raised when it was stale; it has been renewed since: releasing it now is forced.
          releaseItem('renewed', { entity: 'lease', key: active.key }, 'Release src/a.ts', false),
          releaseItem(
            'unrecorded',
            { entity: 'lease', key: unrecorded.key },
            'Force-release src/b.ts',
            true,
          ),
        ],
      }),
    );
    const labels = (now: number) =>
      Object.fromEntries(
        attentionRows(e.attention, e.lease, now, now).map((r) => [r.key, r.action?.label]),
      );
    expect(labels(T0)).toEqual({
      renewed: 'Force-release src/a.ts',
      unrecorded: 'Force-release src/b.ts',
    });
    // Past its expiry it is stale again: a plain release.
    expect(labels(T0 + 60_000)['renewed']).toBe('Release src/a.ts');
  });

  it('another subject (a departed agent holding one active lease): by the forced input', () => {
    const e = entitiesFromSnapshot(
      snapshot({
        attention: [
          releaseItem(
            'agent',
            { entity: 'agent', key: 'agents/ghost.json' },
            'Release src/a.ts',
            true,
          ),
        ],
      }),
    );
    const [row] = attentionRows(e.attention, e.lease, T0, T0);
    expect(row?.action?.label).toBe('Force-release src/a.ts');
    expect(row?.action?.input['force']).toBe(true);
  });
});
