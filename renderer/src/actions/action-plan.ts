import type { ReactNode } from 'react';
import type { BatonClient } from '../../../core/api/client.ts';
import type { ActionResult, RequestInput } from '../../../core/api/contract.ts';
import type { Change } from '../../../core/api/views.ts';
import type { EntityMaps } from '../state/entities.ts';

export type ActionName =
  | 'releaseLease'
  | 'acceptHandoff'
  | 'declineHandoff'
  | 'ackPartialHandoff'
  | 'markAgentGone'
  | 'postMessage';

/** A record shown label by label. */
export type Facts = readonly (readonly [string, ReactNode])[];

/**
 * The subject as the store shows it at a moment. `changed` says, in words, how it differs in a
 * way that matters from the record the plan was made from (e.g. "now held by dave (active)"):
 * the dialog then refuses to confirm, since the operator agreed to act on something else.
 */
export type FollowedSubject = { facts: Facts; changed?: string };

/**
 * Everything a confirmation dialog shows before an action runs: what it is, the record as it is
 * now (exactly what will change), and what the operator must add (a reason where forceful).
 */
export type ActionPlan = {
  title: string;
  request: ActionName;
  /** The request's input as prefilled (the free-text field is added from the dialog). */
  input: Record<string, unknown>;
  /** The record as it was when the plan was made, label by label. */
  facts: Facts;
  /**
   * The subject as `entities` show it at `nowMs`, so the dialog follows the live store while it
   * waits for confirmation. `when: 'before'` words it as a record of the past (no live
   * countdowns, no "now"), for the panel kept beside the outcome. Absent: `facts` is all there is.
   */
  follow?(entities: EntityMaps, nowMs: number, when: 'now' | 'before'): FollowedSubject;
  /** One or two sentences: what happens on confirm, and what happens if the world changed. */
  effect: string;
  text?: {
    field: 'reason' | 'note' | 'decision' | 'body';
    label: string;
    required: boolean;
    placeholder?: string;
    hint?: string;
  };
  confirmLabel: string;
  danger: boolean;
  /**
   * Local changes to show at once when the action succeeds (the engine's delta confirms them).
   * `entities` is the store at that moment: the engine's delta may already be in it, and a
   * made-up record must never overwrite the engine's.
   */
  onOk?(result: Extract<ActionResult, { ok: true }>, entities: EntityMaps): readonly Change[];
  /** Local changes from a refusal's `current` (the row then shows what it is now). */
  onRefused?(result: Extract<ActionResult, { ok: false }>): readonly Change[];
  /**
   * Where focus goes when the dialog closes and its invoker can no longer take it (e.g. the
   * Rooms detail's Reply… button, disabled once its text was posted): back where the operator
   * was, not the first list on the page.
   */
  returnFocus?(): HTMLElement | null | undefined;
};

/**
 * Why the request cannot be sent as the dialog stands, or undefined when it can: a message
 * needs a body, whether prefilled or typed, so no plan can post an empty one (the engine would
 * only refuse it, after the operator confirmed).
 */
export function missingInput(plan: ActionPlan, text: string): string | undefined {
  if (plan.request !== 'postMessage') return undefined;
  const body = plan.text?.field === 'body' ? text : plan.input['body'];
  return typeof body === 'string' && body.trim() !== ''
    ? undefined
    : 'A message needs a body: write what to tell the room.';
}

/** Send an action through the client (whatever carries it). The client parses the input. */
export function runAction(
  client: BatonClient,
  request: ActionName,
  input: Record<string, unknown>,
): Promise<ActionResult> {
  switch (request) {
    case 'releaseLease':
      return client.releaseLease(input as RequestInput<'releaseLease'>);
    case 'acceptHandoff':
      return client.acceptHandoff(input as RequestInput<'acceptHandoff'>);
    case 'declineHandoff':
      return client.declineHandoff(input as RequestInput<'declineHandoff'>);
    case 'ackPartialHandoff':
      return client.ackPartialHandoff(input as RequestInput<'ackPartialHandoff'>);
    case 'markAgentGone':
      return client.markAgentGone(input as RequestInput<'markAgentGone'>);
    case 'postMessage':
      return client.postMessage(input as RequestInput<'postMessage'>);
  }
}

/** Words for a refusal code, said plainly. */
export function refusalHeadline(code: Extract<ActionResult, { ok: false }>['code']): string {
  switch (code) {
    case 'changed':
      return 'Refused: it changed since you looked';
    case 'not_found':
      return 'Refused: it no longer exists';
    case 'invalid':
      return 'Refused: the request was not valid';
    case 'error':
      return 'Failed';
  }
}
