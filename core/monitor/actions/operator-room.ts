import type { RoomRef } from '../../rooms/room-ref.ts';

/**
 * Where the monitor tells agents what an operator did to them: one fixed room,
 * `workspace/default/operator` (beside the handoffs' default `workspace/default/handoffs`),
 * with every message addressed `to` the affected agent, kind `decision`, and `data` naming the
 * action, its target and the audit entry's time. An agent reads its own with
 * `baton room inbox workspace/default/operator --to <agent-id>`.
 */
export const OPERATOR_ROOM = 'workspace/default/operator';

export const OPERATOR_ROOM_REF: RoomRef = {
  scope: 'workspace',
  scope_id: 'default',
  room: 'operator',
};
