import type { ActionResult } from '../../api/contract.ts';
import { finish, type ActionContext, type Outcome } from './action-context.ts';

/** How the attempt failed: refused (it lost a race, or the input was wrong) or an error. */
export interface Failure {
  result: 'refused' | 'error';
  code: NonNullable<Outcome['code']>;
  message: string;
}

/**
 * Finish an action whose change was tried and did not happen. The target is re-read after the
 * failure, so the audit line's `after` and the operator's `current` show it as it is now (null
 * when it is gone), not as it was before: the operator must see what won the race.
 *
 * @example
 * return finishFailedAttempt(ctx, base, before, current(), { result: 'error', code: 'error', message });
 */
export function finishFailedAttempt(
  ctx: ActionContext,
  base: Pick<Outcome, 'action' | 'target' | 'reason'>,
  before: unknown,
  now: unknown,
  failure: Failure,
): ActionResult {
  return finish(ctx, {
    ...base,
    before,
    after: now ?? null,
    result: failure.result,
    code: failure.code,
    message: failure.message,
    current: now ?? null,
  });
}
