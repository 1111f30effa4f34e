import { BROADCAST, post, type MessageKind, type Receipt, type RoomRef } from '../rooms/index.ts';
import { toRoomRef } from './handoff-room.ts';

export interface BroadcastInput {
  from: string;
  body: string;
  /** Default `status`. */
  kind?: MessageKind;
  subject?: string;
  data?: unknown;
}

/**
 * Tell everyone in a room (CogOS' CreateBroadcast): a room message addressed to `*`, which
 * every consumer's inbox receives.
 *
 * @example
 * broadcast('/coord', 'workspace/repo-a/general', { from: 'lead', body: 'freeze: release at 17:00' });
 */
export function broadcast(dir: string, ref: RoomRef | string, input: BroadcastInput): Receipt {
  return post(dir, toRoomRef(ref), {
    from: input.from,
    to: BROADCAST,
    body: input.body,
    ...(input.kind === undefined ? {} : { kind: input.kind }),
    ...(input.subject === undefined ? {} : { subject: input.subject }),
    ...(input.data === undefined ? {} : { data: input.data }),
  });
}
