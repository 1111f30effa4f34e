import type { ActionResult, ParsedInput } from '../../api/contract.ts';
import { BatonError } from '../../errors.ts';
import { acknowledgePartialHandoff, readUnsettled } from '../../unsettled/index.ts';
import { errorText, finish, type ActionContext } from './action-context.ts';
import { settledEnvelopeState, settledText } from './settled-envelope.ts';

/**
 * The operator's `ackPartialHandoff`: settle one partial handoff of a pipeline by appending
 * the acknowledgement (with the operator's decision) to `audit/lifecycle.jsonl`. The unsettled
 * module checks "already acknowledged" under the log's append guard, so two operators cannot
 * both settle it: the second gets `changed`, told who acknowledged it first and what they
 * decided (from the lifecycle log; the current state it is shown carries the same). The notice
 * goes to the pipeline (address = the pipeline id): pipelines are not agents, and whoever serves
 * one filters on its id.
 *
 * @example
 * await ackPartialHandoffAction(ctx, { pipeline_id: 'ingest', envelope_id: 'env-1', decision: 'drop' });
 */
export async function ackPartialHandoffAction(
  ctx: ActionContext,
  input: ParsedInput<'ackPartialHandoff'>,
): Promise<ActionResult> {
  const target = `unsettled/${input.pipeline_id}#${input.envelope_id}`;
  const base = { action: 'ack_partial_handoff' as const, target, reason: input.decision };
  const envelopeNow = (): { envelope?: unknown; settled: boolean; exists: boolean } => {
    try {
      const view = readUnsettled(ctx.dir, input.pipeline_id, { now: ctx.now() });
      const envelope = view.buckets.partial_handoffs.find(
        (e) => e.envelope_id === input.envelope_id,
      );
      return {
        envelope,
        settled: view.settled_envelope_ids.includes(input.envelope_id),
        exists: true,
      };
    } catch {
      return { settled: false, exists: false };
    }
  };
  const settledBy = () => settledEnvelopeState(ctx.dir, input.pipeline_id, input.envelope_id);
  const before = envelopeNow();
  if (!before.envelope) {
    const settled = before.settled ? settledBy() : undefined;
    return finish(ctx, {
      ...base,
      before: null,
      after: null,
      result: 'refused',
      code: settled ? 'changed' : 'not_found',
      message: settled
        ? settledText(input.pipeline_id, input.envelope_id, settled)
        : before.exists
          ? `pipeline ${input.pipeline_id} has no unsettled partial handoff ${input.envelope_id}`
          : `pipeline ${input.pipeline_id} has not published unsettled work`,
      ...(settled ? { current: settled } : {}),
    });
  }
  let receipt;
  try {
    receipt = acknowledgePartialHandoff(ctx.dir, input.pipeline_id, input.envelope_id, {
      decision: input.decision,
      by: ctx.by,
    });
  } catch (error) {
    const code =
      error instanceof BatonError
        ? error.code === 'conflict'
          ? ('changed' as const)
          : error.code === 'not_found'
            ? ('not_found' as const)
            : error.code === 'invalid_argument'
              ? ('invalid' as const)
              : ('error' as const)
        : ('error' as const);
    // Lost the race to another acknowledgement (under the log's guard): name its author and
    // decision, as when it was settled before we looked.
    const now = envelopeNow();
    const settled = now.settled ? settledBy() : undefined;
    return finish(ctx, {
      ...base,
      before: before.envelope,
      after: null,
      result: code === 'error' ? 'error' : 'refused',
      code,
      message: settled
        ? settledText(input.pipeline_id, input.envelope_id, settled)
        : errorText(error),
      current: settled ?? now.envelope ?? { settled: false },
    });
  }
  await ctx.afterAction([{ kind: 'audit', log: 'lifecycle' }]);
  return finish(ctx, {
    ...base,
    before: before.envelope,
    after: { settled: true, lifecycle_seq: receipt.entry.seq },
    result: 'ok',
    message: `acknowledged partial handoff ${input.envelope_id} of pipeline ${input.pipeline_id} (${input.decision})`,
    notify: {
      to: input.pipeline_id,
      subject: `operator acknowledged partial handoff ${input.envelope_id}`,
      body: `${ctx.operator} acknowledged partial handoff ${input.envelope_id} of pipeline ${input.pipeline_id}: ${input.decision}.`,
      data: {
        pipeline_id: input.pipeline_id,
        envelope_id: input.envelope_id,
        decision: input.decision,
      },
    },
  });
}
