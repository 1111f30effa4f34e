// Public API of handoffs and broadcasts.
export { createHandoff, type CreateHandoffInput, type CreatedHandoff } from './create-handoff.ts';
export {
  acceptHandoff,
  declineHandoff,
  DECISION_SETTLE_MS,
  type HandoffDecisionResult,
} from './decide-handoff.ts';
export {
  listHandoffs,
  readHandoff,
  type HandoffStateFilter,
  type HandoffView,
} from './read-handoffs.ts';
export { broadcast, type BroadcastInput } from './broadcast.ts';
export { defaultAgentId } from './default-agent-id.ts';
export { newHandoffId } from './handoff-id.ts';
export { DEFAULT_HANDOFF_ROOM } from './handoff-room.ts';
export { HANDOFF_STATES, type HandoffState } from './handoff-paths.ts';
export {
  HANDOFF_SCHEMA,
  HANDOFF_DECISION_SCHEMA,
  HandoffRecordSchema,
  HandoffDecisionSchema,
  type HandoffRecord,
  type HandoffDecision,
} from './handoff-schema.ts';
