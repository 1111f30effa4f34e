import type { ActionResult } from '../../api/contract.ts';
import { appendOperatorAudit } from '../../audit/index.ts';
import type { OperatorAction, OperatorEntry } from '../../audit/audit-schema.ts';
import { post } from '../../rooms/index.ts';
import type { PathClass } from '../classify-path.ts';
import type { FleetModel } from '../fleet-model.ts';
import type { HistoryPort } from '../history-port.ts';
import { OPERATOR_ROOM_REF } from './operator-room.ts';

/** What every operator action needs: where, who, the model to refresh, the index to tell. */
export interface ActionContext {
  /** The coordination directory (absolute). */
  dir: string;
  /** `user@host`, as audited and as the sender of messages. */
  operator: string;
  /** The identity as a name (for fields that must be names). */
  by: string;
  now: () => number;
  model: FleetModel;
  history: HistoryPort | undefined;
  /** Re-read what the action changed and push the delta before the result goes back. */
  afterAction: (changed: PathClass[]) => Promise<void>;
}

/** A message to the affected agent, posted in the operator room. */
export interface Notice {
  to: string;
  subject: string;
  body: string;
  data?: Record<string, unknown>;
}

export interface Outcome {
  action: OperatorAction;
  target: string;
  before: unknown;
  after: unknown;
  reason?: string | undefined;
  result: OperatorEntry['result'];
  message: string;
  /** For refusals: the contract's code, and the target as it is now. */
  code?: 'changed' | 'not_found' | 'invalid' | 'error';
  current?: unknown;
  notify?: Notice;
}

/**
 * A refusal that leaves the target as it was: `before` and `after` are both the view the action
 * checked, which is also shown to the operator as the current state.
 *
 * @example
 * const refuse = refuser(ctx, base, before);
 * if (stale) return refuse('changed', 'the lease changed hands');
 */
export function refuser(
  ctx: ActionContext,
  base: Pick<Outcome, 'action' | 'target' | 'reason'>,
  before: unknown,
): (code: 'changed' | 'invalid', message: string) => ActionResult {
  return (code, message) =>
    finish(ctx, {
      ...base,
      before,
      after: before,
      result: 'refused',
      code,
      message,
      current: before,
    });
}

/**
 * Finish an action: append its ONE audit line (refusals and errors too), tell the affected
 * agent (only when something was done), and shape the contract's ActionResult. A success
 * whose audit line cannot be written is reported as an error naming what happened, never as a
 * silent success.
 *
 * @example
 * return finish(ctx, { action: 'release_lease', target, before, after: null, result: 'ok', message });
 */
export function finish(ctx: ActionContext, outcome: Outcome): ActionResult {
  let audit: OperatorEntry | undefined;
  let auditError: string | undefined;
  try {
    audit = appendOperatorAudit(ctx.dir, {
      ts_ms: ctx.now(),
      operator: ctx.operator,
      action: outcome.action,
      target: outcome.target,
      before: outcome.before ?? null,
      after: outcome.after ?? null,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
      result: outcome.result,
      message: outcome.message,
    }).entry;
  } catch (error) {
    auditError = error instanceof Error ? error.message : String(error);
  }
  let message = outcome.message;
  if (outcome.result === 'ok' && outcome.notify) {
    try {
      post(ctx.dir, OPERATOR_ROOM_REF, {
        kind: 'decision',
        from: ctx.operator,
        to: outcome.notify.to,
        subject: outcome.notify.subject,
        body: outcome.notify.body,
        data: {
          action: outcome.action,
          target: outcome.target,
          operator: ctx.operator,
          ...(audit ? { audit_ts_ms: audit.ts_ms } : {}),
          ...(outcome.reason ? { reason: outcome.reason } : {}),
          ...outcome.notify.data,
        },
      });
      message += `; told ${outcome.notify.to} in workspace/default/operator`;
    } catch (error) {
      message += `; could not tell ${outcome.notify.to}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  if (!audit) {
    return {
      ok: false,
      code: 'error',
      message: `${message}; but the audit line could not be written to audit/operator.jsonl: ${auditError}`,
      ...(outcome.current !== undefined ? { current: outcome.current } : {}),
    };
  }
  if (outcome.result === 'ok') return { ok: true, message, audit };
  return {
    ok: false,
    code: outcome.code ?? 'error',
    message,
    ...(outcome.current !== undefined ? { current: outcome.current } : {}),
    audit,
  };
}

/** The message of anything thrown, for refusals and error results. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
