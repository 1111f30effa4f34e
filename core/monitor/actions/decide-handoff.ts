import type { ActionResult, ParsedInput } from '../../api/contract.ts';
import type { HandoffView } from '../../api/views.ts';
import { BatonError } from '../../errors.ts';
import { acceptHandoff, declineHandoff } from '../../handoffs/index.ts';
import { handoffView, loadHandoff } from '../entities/handoff-entity.ts';
import { errorText, refuser, type ActionContext } from './action-context.ts';
import { finishDone } from './finish-done.ts';
import { finishFailedAttempt } from './finish-failed-attempt.ts';
import { refuseAbsent } from './refuse-absent.ts';

/**
 * The operator's `acceptHandoff` / `declineHandoff`, decided by the handoffs module's single
 * atomic step: if an agent (or another operator) decided first, the operator gets `changed`
 * with the handoff as it is now ("already accepted by …"), never a silent success. The handoffs
 * module posts its own ack/decision message to the handoff's room for the sender; the operator
 * room additionally tells the intended recipient that an operator decided for it.
 *
 * @example
 * await decideHandoffAction(ctx, 'accepted', { id: 'handoff-…', note: 'taking it myself' });
 */
export async function decideHandoffAction(
  ctx: ActionContext,
  decision: 'accepted',
  input: ParsedInput<'acceptHandoff'>,
): Promise<ActionResult>;
export async function decideHandoffAction(
  ctx: ActionContext,
  decision: 'declined',
  input: ParsedInput<'declineHandoff'>,
): Promise<ActionResult>;
export async function decideHandoffAction(
  ctx: ActionContext,
  decision: 'accepted' | 'declined',
  input: { id: string; note?: string | undefined; reason?: string | undefined },
): Promise<ActionResult> {
  const action =
    decision === 'accepted' ? ('accept_handoff' as const) : ('decline_handoff' as const);
  const reason = decision === 'declined' ? input.reason?.trim() : input.note?.trim() || undefined;
  const base = { action, target: `handoffs/${input.id}`, reason };
  const current = (): HandoffView | undefined => {
    const raw = loadHandoff(ctx.dir, input.id, ctx.now());
    return raw ? handoffView(raw) : undefined;
  };
  const before = current();
  if (!before) {
    return refuseAbsent(
      ctx,
      base,
      'not_found',
      `handoff ${input.id} does not exist (or its record is unreadable)`,
    );
  }
  const refuse = refuser(ctx, base, before);
  if (before.state !== 'pending') {
    return refuse(
      'changed',
      `handoff ${input.id} already ${before.state} by ${before.decision?.by ?? 'someone'}`,
    );
  }
  try {
    if (decision === 'accepted') {
      acceptHandoff(ctx.dir, input.id, { by: ctx.by, ...(input.note ? { note: input.note } : {}) });
    } else {
      declineHandoff(ctx.dir, input.id, { by: ctx.by, reason: input.reason ?? '' });
    }
  } catch (error) {
    const conflict = error instanceof BatonError && error.code === 'conflict';
    const invalid = error instanceof BatonError && error.code === 'invalid_argument';
    return finishFailedAttempt(ctx, base, before, current(), {
      result: conflict || invalid ? 'refused' : 'error',
      code: conflict
        ? 'changed'
        : invalid
          ? 'invalid'
          : error instanceof BatonError && error.code === 'not_found'
            ? 'not_found'
            : 'error',
      message: conflict
        ? errorText(error)
        : `could not ${decision === 'accepted' ? 'accept' : 'decline'} handoff ${input.id}: ${errorText(error)}`,
    });
  }
  await ctx.afterAction([{ kind: 'handoff', id: input.id }]);
  return finishDone(
    ctx,
    base,
    before,
    current(),
    `${decision} handoff ${input.id} from ${before.from} to ${before.to}`,
    {
      to: before.to,
      subject: `operator ${decision} handoff ${input.id} for you`,
      body: `${ctx.operator} ${decision} the handoff ${input.id} from ${before.from} on your behalf${reason ? `: ${reason}` : ''}.`,
      data: { handoff_id: input.id, decision, from: before.from },
    },
  );
}
