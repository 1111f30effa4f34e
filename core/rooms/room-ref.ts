import { BatonError } from '../errors.ts';
import { validateName } from '../files/names.ts';
import { layout } from '../layout.ts';
import { ScopeSchema, type Scope } from './message-schema.ts';

/** Which room: `rooms/<scope>/<scope_id>/<room>.jsonl`. */
export interface RoomRef {
  scope: Scope;
  scope_id: string;
  room: string;
}

const SCOPES: readonly string[] = ScopeSchema.options;

/**
 * Validate a room reference before anything touches the disk: the scope is one of the five
 * scopes, and the scope id and room are names (1-128 of [A-Za-z0-9._-], so they can never contain
 * whitespace or `:`, which the seed forbids, nor a path separator). Returns a clean copy.
 *
 * @example
 * validateRoomRef({ scope: 'task', scope_id: 't1', room: 'plan' }); // same object back
 * validateRoomRef({ scope: 'team', scope_id: 't1', room: 'plan' }); // throws invalid_argument
 */
export function validateRoomRef(ref: RoomRef): RoomRef {
  if (ref === null || typeof ref !== 'object') {
    throw new BatonError('invalid_argument', 'room is required (scope, scope_id, room)');
  }
  if (typeof ref.scope !== 'string' || !SCOPES.includes(ref.scope)) {
    throw new BatonError(
      'invalid_argument',
      `scope ${JSON.stringify(ref.scope)} is not one of ${SCOPES.join(', ')}`,
      { label: 'scope', value: ref.scope },
    );
  }
  return {
    scope: ref.scope,
    scope_id: validateName('scope id', ref.scope_id),
    room: validateName('room', ref.room),
  };
}

/**
 * Parse the command-line form `SCOPE/SCOPE_ID/ROOM` of a room.
 *
 * @example
 * parseRoomRef('workspace/repo-a/planning'); // { scope: 'workspace', scope_id: 'repo-a', room: 'planning' }
 * parseRoomRef('planning');                  // throws invalid_argument
 */
export function parseRoomRef(text: string): RoomRef {
  const parts = typeof text === 'string' ? text.split('/') : [];
  if (parts.length !== 3) {
    throw new BatonError(
      'invalid_argument',
      `room ${JSON.stringify(text)} must be SCOPE/SCOPE_ID/ROOM (e.g. workspace/repo-a/planning; scope is one of ${SCOPES.join(', ')})`,
      { label: 'room', value: text },
    );
  }
  const [scope, scopeId, room] = parts as [string, string, string];
  return validateRoomRef({ scope: scope as Scope, scope_id: scopeId, room });
}

/**
 * The `SCOPE/SCOPE_ID/ROOM` form of a room (the inverse of {@link parseRoomRef}).
 *
 * @example
 * formatRoomRef({ scope: 'task', scope_id: 't1', room: 'plan' }); // 'task/t1/plan'
 */
export function formatRoomRef(ref: RoomRef): string {
  return `${ref.scope}/${ref.scope_id}/${ref.room}`;
}

/**
 * Absolute path of a room's message file inside coordination directory `dir`.
 *
 * @example
 * roomFile('/coord', { scope: 'task', scope_id: 't1', room: 'plan' }); // '/coord/rooms/task/t1/plan.jsonl'
 */
export function roomFile(dir: string, ref: RoomRef): string {
  const r = validateRoomRef(ref);
  return layout(dir).roomFile(r.scope, r.scope_id, r.room);
}

/**
 * Absolute path of the directory holding a room's consumer cursors (`<room>.consumers/`).
 *
 * @example
 * consumersDir('/coord', ref); // '/coord/rooms/task/t1/plan.consumers'
 */
export function consumersDir(dir: string, ref: RoomRef): string {
  const r = validateRoomRef(ref);
  return layout(dir).consumersDir(r.scope, r.scope_id, r.room);
}

/**
 * Absolute path of the directory of id claims that make explicit-id posts idempotent
 * (`<room>.ids/`, see post.ts).
 *
 * @example
 * idClaimsDir('/coord', ref); // '/coord/rooms/task/t1/plan.ids'
 */
export function idClaimsDir(dir: string, ref: RoomRef): string {
  return roomFile(dir, ref).replace(/\.jsonl$/, '.ids');
}
