import { BatonError } from '../errors.ts';
import { parseRoomRef, validateRoomRef, type RoomRef } from '../rooms/index.ts';

/** Where handoff messages go when a handoff names no room. */
export const DEFAULT_HANDOFF_ROOM = 'workspace/default/handoffs';

/** A room as an object or its `SCOPE/SCOPE_ID/ROOM` text; validated, never touching the disk. */
export function toRoomRef(room: RoomRef | string): RoomRef {
  if (typeof room === 'string') return parseRoomRef(room);
  if (room === null || typeof room !== 'object') {
    throw new BatonError('invalid_argument', 'room must be SCOPE/SCOPE_ID/ROOM or a room object');
  }
  return validateRoomRef(room);
}

/** The room a handoff record names (its `room`, else the default). */
export function handoffRoom(record: { room?: string | undefined }): RoomRef {
  return parseRoomRef(record.room ?? DEFAULT_HANDOFF_ROOM);
}

/** Id of the message announcing handoff `id` (fixed, so a repeat post is a no-op). */
export function createdMessageId(id: string): string {
  return `${id}.created`;
}

/** Id of the message announcing the decision on handoff `id`. */
export function decidedMessageId(id: string): string {
  return `${id}.decided`;
}
