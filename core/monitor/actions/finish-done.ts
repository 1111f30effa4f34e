import type { ActionResult } from '../../api/contract.ts';
import { finish, type ActionContext, type Notice, type Outcome } from './action-context.ts';

/**
 * Finish an action that did what the operator asked: audit `before` and the target as re-read
 * `after` the change (null when it is gone), and tell `notice.to` when there is someone to tell.
 *
 * @example
 * return finishDone(ctx, base, before, current(), `marked ${id} gone`, notice);
 */
export function finishDone(
  ctx: ActionContext,
  base: Pick<Outcome, 'action' | 'target' | 'reason'>,
  before: unknown,
  after: unknown,
  message: string,
  notice?: Notice,
): ActionResult {
  return finish(ctx, {
    ...base,
    before,
    after: after ?? null,
    result: 'ok',
    message,
    ...(notice ? { notify: notice } : {}),
  });
}
