import type { ActionResult } from '../../../core/api/contract.ts';
import { LeaseViewSchema, type LeaseView } from '../../../core/api/views.ts';
import { LeaseRecordSchema } from '../../../core/leases/lease-schema.ts';
import { leaseChange } from '../actions/subject-change.ts';
import { middleEllipsis } from '../format/middle-ellipsis.ts';

/**
 * The previewed leases that changed since the preview opened (released, re-taken, renewed),
 * each with how, in words ("now held by ivan (active)"). These are never sent: the operator
 * agreed to release the leases as the preview showed them, not as they are now.
 */
export function previewChanges(
  preview: readonly LeaseView[],
  now: ReadonlyMap<string, LeaseView>,
  atMs: number,
): ReadonlyMap<string, string> {
  const changed = new Map<string, string>();
  for (const lease of preview) {
    const why = leaseChange(lease, now.get(lease.key), atMs);
    if (why !== undefined) changed.set(lease.key, why);
  }
  return changed;
}

/** A row left out of a bulk release because it changed since the preview. */
export function skippedResult(why: string): RowResult {
  return {
    ok: false,
    code: 'skipped',
    message: why,
    text: `not sent: changed since the preview: ${why}`,
  };
}

/** One row's outcome in a bulk release. */
export type RowResult = { ok: true } | { ok: false; code: string; message: string; text: string };

/**
 * A refused release in the words of its row. A lease that changed hands names who holds it now
 * (the refusal's `current`), so the operator need not open it to find out.
 */
export function refusalText(result: Extract<ActionResult, { ok: false }>): string {
  if (result.code === 'not_found' || (result.code === 'changed' && result.current === null))
    return 'refused: already released';
  if (result.code !== 'changed') return `${result.code}: ${result.message}`;
  const view = LeaseViewSchema.safeParse(result.current);
  const record = view.success ? view.data.record : LeaseRecordSchema.safeParse(result.current).data;
  const holder =
    (view.success ? view.data.holder : undefined) ?? record?.owner.agent ?? record?.owner.id;
  return holder ? `refused: now held by ${holder}` : 'refused: changed hands';
}

/**
 * A token short enough for its column that still tells two apart: every token starts with the
 * same "lease-", so the head alone ("lease-9cca") says little; keep the random part's ends.
 */
export function shortToken(token: string): string {
  return middleEllipsis(token.replace(/^lease-/, ''), 12);
}
