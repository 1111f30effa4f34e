import path from 'node:path';
import { layout } from '../layout.ts';

export type HandoffState = 'pending' | 'accepted' | 'declined';
export type HandoffDecisionKind = 'accepted' | 'declined';

export const HANDOFF_STATES: readonly HandoffState[] = ['pending', 'accepted', 'declined'];

/**
 * Where a handoff's files live. The record is `<state>/<id>.json`; its decision is
 * `<state>/<id>.decision.json`; while a decision is being made, the claim that decided it is
 * `pending/<id>.decision.json` (see decide-handoff.ts).
 *
 * @example
 * handoffPaths('/coord').decision('accepted', 'h1'); // '/coord/handoffs/accepted/h1.decision.json'
 */
export function handoffPaths(dir: string) {
  const at = layout(dir);
  return {
    stateDir: (state: HandoffState) => path.join(at.handoffsDir, state),
    record: (state: HandoffState, id: string) => at.handoffFile(state, id),
    decision: (state: HandoffState, id: string) =>
      path.join(at.handoffsDir, state, `${id}.decision.json`),
    claim: (id: string) => path.join(at.handoffsDir, 'pending', `${id}.decision.json`),
  };
}
