import type {
  AgentView,
  BarrierView,
  DiagnosticView,
  HandoffView,
  LeaseView,
  RoomView,
  RunView,
  UnsettledView,
} from '../../api/views.ts';
import { agentAttention } from './agent-rules.ts';
import type { AttentionContext, RuleResult } from './attention-context.ts';
import { barrierAttention } from './barrier-rules.ts';
import { diagnosticAttention } from './diagnostic-rules.ts';
import { handoffAttention } from './handoff-rules.ts';
import { leaseAttention } from './lease-rules.ts';
import { roomAttention } from './room-rules.ts';
import { runAttention } from './run-rules.ts';
import { unsettledAttention } from './unsettled-rules.ts';

/** A subject of the attention rules: one view of the model, tagged by its entity. */
export type AttentionSubject =
  | { entity: 'lease'; view: LeaseView }
  | { entity: 'agent'; view: AgentView }
  | { entity: 'room'; view: RoomView }
  | { entity: 'run'; view: RunView }
  | { entity: 'handoff'; view: HandoffView }
  | { entity: 'barrier'; view: BarrierView }
  | { entity: 'unsettled'; view: UnsettledView }
  | { entity: 'diagnostic'; view: DiagnosticView };

/**
 * Every attention item one subject raises at `ctx.now`, and the next instant that can change
 * by time alone. The engine calls this only for subjects that changed or whose deadline came.
 *
 * @example
 * evaluateAttention({ entity: 'lease', view }, ctx);
 */
export function evaluateAttention(subject: AttentionSubject, ctx: AttentionContext): RuleResult {
  switch (subject.entity) {
    case 'lease':
      return leaseAttention(subject.view, ctx);
    case 'agent':
      return agentAttention(subject.view, ctx);
    case 'room':
      return roomAttention(subject.view, ctx);
    case 'run':
      return runAttention(subject.view, ctx);
    case 'handoff':
      return handoffAttention(subject.view, ctx);
    case 'barrier':
      return barrierAttention(subject.view, ctx);
    case 'unsettled':
      return unsettledAttention(subject.view, ctx);
    case 'diagnostic':
      return diagnosticAttention(subject.view, ctx);
  }
}
