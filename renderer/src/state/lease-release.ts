import type { LeaseView } from '../../../core/api/views.ts';
import { isLeaseStale } from './display-state.ts';

/**
 * Whether releasing `lease` at `nowMs` is a forced release (a reason is required): always, unless
 * the lease has an owner record and is stale. An active or clock-skewed lease is taken from a
 * holder that may still be using it; one with no usable record (unrecorded, malformed, still
 * acquiring) is removed by path. This is the rule releaseLeasePlan applies, so a control labelled
 * with it names the dialog it opens (test/renderer/lease-release.test.ts holds the two together).
 */
export function releaseNeedsForce(lease: LeaseView, nowMs: number): boolean {
  return lease.record === undefined || !isLeaseStale(lease, nowMs);
}

/** The verb of a release control: "Force-release" when the release will be forced, as its dialog says. */
export function releaseVerb(force: boolean): 'Force-release' | 'Release' {
  return force ? 'Force-release' : 'Release';
}

const RELEASE_VERB = /^(?:Force-release|Force release|Release)(?=\s|$)/;

/**
 * An action label ("Release src/a.ts", "Force-release src/a.ts") with its verb set by `force`;
 * a label that does not start with a release verb is returned as it is.
 */
export function withReleaseVerb(label: string, force: boolean): string {
  return RELEASE_VERB.test(label) ? label.replace(RELEASE_VERB, releaseVerb(force)) : label;
}
