import path from 'node:path';
import { isValidName } from '../../files/names.ts';
import { ScopeSchema } from '../../rooms/message-schema.ts';

/** What a JSONL file of the coordination directory holds, as far as the history cares. */
export type HistoryFileKind = 'room' | 'checkpoints' | 'lifecycle' | 'operator';

export type ClassifiedPath =
  | { kind: 'room'; rel: string; room_key: string }
  | { kind: 'checkpoints'; rel: string; run_id: string }
  | { kind: 'lifecycle' | 'operator'; rel: string }
  | { kind: 'ignored'; rel: string };

const SCOPES: readonly string[] = ScopeSchema.options;

/**
 * Classify `file` (absolute, or relative to `root`) by its place in the layout (docs/format.md):
 * `rooms/<scope>/<scope_id>/<room>.jsonl`, `runs/<run_id>/checkpoints.jsonl`,
 * `audit/lifecycle.jsonl`, `audit/operator.jsonl`. Anything else, including names outside the
 * name alphabet and paths outside the root, is `ignored`. `rel` uses `/` separators.
 *
 * @example
 * classifyPath('/coord', '/coord/rooms/task/t1/plan.jsonl');
 * // { kind: 'room', rel: 'rooms/task/t1/plan.jsonl', room_key: 'task/t1/plan' }
 */
export function classifyPath(root: string, file: string): ClassifiedPath {
  const rel = path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
  const parts = rel.split('/');
  if (parts[0] === 'rooms' && parts.length === 4) {
    const [, scope, scopeId, name] = parts as [string, string, string, string];
    const room = name.endsWith('.jsonl') ? name.slice(0, -'.jsonl'.length) : '';
    if (SCOPES.includes(scope) && isValidName(scopeId) && room !== '' && isValidName(room)) {
      return { kind: 'room', rel, room_key: `${scope}/${scopeId}/${room}` };
    }
  } else if (parts[0] === 'runs' && parts.length === 3 && parts[2] === 'checkpoints.jsonl') {
    const runId = parts[1] as string;
    if (isValidName(runId)) return { kind: 'checkpoints', rel, run_id: runId };
  } else if (parts[0] === 'audit' && parts.length === 2) {
    if (parts[1] === 'lifecycle.jsonl') return { kind: 'lifecycle', rel };
    if (parts[1] === 'operator.jsonl') return { kind: 'operator', rel };
  }
  return { kind: 'ignored', rel };
}
