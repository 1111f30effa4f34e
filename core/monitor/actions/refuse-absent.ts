import type { ActionResult } from '../../api/contract.ts';
import { finish, type ActionContext, type Outcome } from './action-context.ts';

/**
 * A refusal with nothing to show: the target does not exist, or the input does not name one.
 * `before` and `after` are audited as null and no `current` goes back to the operator, because
 * there is no state to compare against.
 *
 * @example
 * if (!before) return refuseAbsent(ctx, base, 'not_found', `handoff ${id} does not exist`);
 */
export function refuseAbsent(
  ctx: ActionContext,
  base: Pick<Outcome, 'action' | 'target' | 'reason'>,
  code: 'not_found' | 'invalid',
  message: string,
): ActionResult {
  return finish(ctx, { ...base, before: null, after: null, result: 'refused', code, message });
}
