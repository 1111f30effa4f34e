import type { ActionResult, ParsedInput } from '../../api/contract.ts';
import type { AgentView } from '../../api/views.ts';
import { unregisterAgent } from '../../agents/index.ts';
import { BatonError } from '../../errors.ts';
import { agentView, loadAgent } from '../entities/agent-entity.ts';
import { errorText, refuser, type ActionContext } from './action-context.ts';
import { finishDone } from './finish-done.ts';
import { finishFailedAttempt } from './finish-failed-attempt.ts';
import { refuseAbsent } from './refuse-absent.ts';

/**
 * The operator's `markAgentGone`: write the agent's record as `gone` (its advisory path locks
 * dropped; its leases are NOT released, that is a separate, audited action per lease). Refused
 * with `changed` when the agent heartbeat after the `last_seen_ms` the operator saw (it is back),
 * and compare-and-swap on the `last_seen_ms` read just before writing.
 *
 * @example
 * await markAgentGoneAction(ctx, { agent_id: 'builder-1', expected_last_seen_ms: 1700000000000 });
 */
export async function markAgentGoneAction(
  ctx: ActionContext,
  input: ParsedInput<'markAgentGone'>,
): Promise<ActionResult> {
  const reason = input.reason?.trim() || undefined;
  const base = { action: 'mark_agent_gone' as const, target: `agents/${input.agent_id}`, reason };
  const current = (): AgentView | undefined => {
    const t = ctx.now();
    const raw = loadAgent(ctx.dir, input.agent_id);
    return raw
      ? agentView(raw, t, ctx.model.agent(input.agent_id)?.held_leases ?? []).view
      : undefined;
  };
  const before = current();
  if (!before) {
    return refuseAbsent(
      ctx,
      base,
      'not_found',
      `agent ${input.agent_id} has no record (agents/${input.agent_id}.json)`,
    );
  }
  const refuse = refuser(ctx, base, before);
  if (before.last_seen_ms === undefined) {
    return refuse(
      'invalid',
      `agents/${input.agent_id}.json cannot be read (${before.problem ?? 'unknown problem'}): fix or remove the file instead`,
    );
  }
  if (
    input.expected_last_seen_ms !== undefined &&
    before.last_seen_ms > input.expected_last_seen_ms
  ) {
    return refuse(
      'changed',
      `agent ${input.agent_id} sent a heartbeat at ${new Date(before.last_seen_ms).toISOString()}, after the ${new Date(input.expected_last_seen_ms).toISOString()} you saw: it is back (${before.liveness}); not marked gone`,
    );
  }
  if (before.liveness === 'gone')
    return refuse('changed', `agent ${input.agent_id} is already gone`);
  try {
    unregisterAgent(ctx.dir, input.agent_id, { if_last_seen_ms: before.last_seen_ms });
  } catch (error) {
    const conflict = error instanceof BatonError && error.code === 'conflict';
    return finishFailedAttempt(ctx, base, before, current(), {
      result: conflict ? 'refused' : 'error',
      code: conflict ? 'changed' : 'error',
      message: conflict
        ? errorText(error)
        : `could not mark ${input.agent_id} gone: ${errorText(error)}`,
    });
  }
  await ctx.afterAction([{ kind: 'agent', id: input.agent_id }]);
  return finishDone(
    ctx,
    base,
    before,
    current(),
    `marked ${input.agent_id} gone${before.held_leases.length > 0 ? `; it still holds ${before.held_leases.length} lease(s): ${before.held_leases.join(', ')}` : ''}`,
    {
      to: input.agent_id,
      subject: `operator marked you gone`,
      body: `${ctx.operator} marked ${input.agent_id} gone${reason ? `: ${reason}` : ''}. A new heartbeat makes you active again; re-acquire any lease before using it.`,
      data: { agent_id: input.agent_id, last_seen_ms: before.last_seen_ms },
    },
  );
}
