import type { ActionResult, ParsedInput } from '../../api/contract.ts';
import { parseRoomRef, post, reply, type RoomRef } from '../../rooms/index.ts';
import { classifyRel } from '../classify-path.ts';
import { errorText, finish, type ActionContext } from './action-context.ts';
import { refuseAbsent } from './refuse-absent.ts';

/**
 * The operator's `postMessage`: a message (or, with `reply_to`, a reply threaded under the
 * message it answers) from the operator's identity into any room. The message itself is the
 * notice to its addressee, so nothing else is posted. The audit entry's `after` holds the
 * message as posted (id, cursor, kind, to, reply_to, subject and body).
 *
 * @example
 * await postMessageAction(ctx, { room: 'workspace/repo-a/planning', body: 'pause merges', kind: 'decision' });
 */
export async function postMessageAction(
  ctx: ActionContext,
  input: ParsedInput<'postMessage'>,
): Promise<ActionResult> {
  const base = { action: 'post_message' as const, target: input.room };
  let ref: RoomRef;
  try {
    ref = parseRoomRef(input.room);
  } catch (error) {
    return refuseAbsent(ctx, base, 'invalid', errorText(error));
  }
  let receipt;
  try {
    const message = {
      kind: input.kind,
      body: input.body,
      from: ctx.operator,
      ...(input.to ? { to: input.to } : {}),
      data: { operator: ctx.operator },
    };
    receipt = input.reply_to
      ? reply(ctx.dir, ref, { id: input.reply_to }, message)
      : post(ctx.dir, ref, message);
  } catch (error) {
    const invalid =
      error instanceof Error && (error as { code?: string }).code === 'invalid_argument';
    return finish(ctx, {
      ...base,
      before: null,
      after: null,
      result: invalid ? 'refused' : 'error',
      code: invalid ? 'invalid' : 'error',
      message: `could not post to ${input.room}: ${errorText(error)}`,
    });
  }
  const cls = classifyRel(ctx.dir, `rooms/${ref.scope}/${ref.scope_id}/${ref.room}.jsonl`);
  if (cls) await ctx.afterAction([cls]);
  return finish(ctx, {
    ...base,
    before: null,
    after: {
      id: receipt.message.id,
      cursor: receipt.cursor,
      kind: receipt.message.kind,
      ...(receipt.message.to !== undefined ? { to: receipt.message.to } : {}),
      ...(receipt.message.reply_to !== undefined ? { reply_to: receipt.message.reply_to } : {}),
      // What the operator told the agent: the audit must say it without the room file, which
      // may be rotated or deleted long before the audit is read.
      // (The subject is the one posted: given, or the body's first line.)
      subject: receipt.message.subject,
      body: receipt.message.body,
    },
    result: 'ok',
    message: `posted ${receipt.message.kind} ${receipt.message.id} to ${input.room}${receipt.message.to !== undefined ? ` for ${typeof receipt.message.to === 'string' ? receipt.message.to : JSON.stringify(receipt.message.to)}` : ''}`,
  });
}
