import { middleEllipsis } from './middle-ellipsis.ts';

/** The parts of a room key, `SCOPE/SCOPE_ID/ROOM` (a RoomView has them). */
export type RoomKeyParts = { scope: string; scope_id: string; room: string };

const length = (text: string) => Array.from(text).length;

/**
 * A room key shortened to at most `max` characters so that distinct rooms stay distinct. Rooms
 * in a fleet mostly share their scope ("workspace") and their room name ("planning"): what tells
 * them apart is the scope_id, the part a plain middle ellipsis cuts. So the room name is kept
 * whole, the scope gives way first (from its end, down to "…"), then the scope_id (in its
 * middle, both ends stay), and only then the room name itself.
 *
 * @example
 * roomKeyEllipsis({ scope: 'workspace', scope_id: 'acme-app', room: 'planning' }, 22);
 * // 'wor…/acme-app/planning'
 */
export function roomKeyEllipsis(parts: RoomKeyParts, max: number): string {
  const { scope, scope_id: id, room } = parts;
  const full = `${scope}/${id}/${room}`;
  if (length(full) <= max) return full;
  const rest = `/${id}/${room}`;
  // The scope's head, then an ellipsis where its end was ("…" alone when nothing of it fits).
  const scopeRoom = max - length(rest) - 1;
  if (scopeRoom >= 0) return `${Array.from(scope).slice(0, scopeRoom).join('')}…${rest}`;
  // "…/" + scope_id cut in its middle + "/room", while at least three characters of it fit.
  const idRoom = max - length(room) - 3;
  if (idRoom >= 3) return `…/${middleEllipsis(id, idRoom)}/${room}`;
  // A room name too long even for that: share what there is, the room's end still last.
  return middleEllipsis(`${id}/${room}`, max);
}
