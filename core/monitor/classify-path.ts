import path from 'node:path';
import { isAtomicTemp } from '../files/atomic-write.ts';
import { isValidName } from '../files/names.ts';
import { ScopeSchema, type Scope } from '../rooms/message-schema.ts';

/**
 * What one path of the coordination directory is, for the monitor: which entity of the fleet
 * model it feeds (docs/format.md "Layout"). Everything else is ignored. `container` is a
 * directory that may hold entities (e.g. `locks/src`): when one appears or vanishes as a whole,
 * the engine rescans under it, because a watcher may report only the directory.
 */
export type PathClass =
  | { kind: 'root' }
  | {
      kind: 'lease';
      /** The lock directory relative to the root: the lease's key in the model. */
      key: string;
      resource: string;
      /** Absolute lock directory. */
      lock_path: string;
    }
  | { kind: 'agent'; id: string }
  | { kind: 'room'; key: string; scope: Scope; scope_id: string; room: string }
  | { kind: 'cursor'; room_key: string; consumer: string }
  | { kind: 'run'; run_id: string }
  | { kind: 'checkpoints'; run_id: string }
  | { kind: 'handoff'; id: string }
  | { kind: 'barrier'; name: string }
  | { kind: 'unsettled'; pipeline_id: string }
  | { kind: 'audit'; log: 'lifecycle' | 'operator' }
  | { kind: 'container'; rel: string };

export type PathClassKind = PathClass['kind'];

const SCOPES: readonly string[] = ScopeSchema.options;
const LOCK_SUFFIX = '.lock.d';
const JSON_SUFFIX = '.json';

/**
 * True for paths the watcher should not even report: atomic-write temporaries
 * (`NAME.tmp-<pid>-<hex>`), lease tombstones and reap guards, append guards, and the idempotency
 * claims of rooms. `rel` is relative to the root with `/` separators.
 *
 * @example
 * isIgnoredPath('agents/a1.json.tmp-123-abcdef'); // true
 * isIgnoredPath('agents/a1.json');                 // false
 */
export function isIgnoredPath(rel: string): boolean {
  if (rel === '' || rel === '.') return false;
  // Most paths carry none of the markers: one cheap scan before the per-part checks.
  if (!/\.(tmp-|lock\.d\.|reap\.d|tomb|stale|dead|removed|guard|ids)/.test(rel)) return false;
  const parts = rel.split('/');
  for (const part of parts) {
    if (isAtomicTemp(part)) return true;
    // Lease removal renames the lock dir to a tombstone first; the reap guard is its own lease
    // (TTL 60 s) that only serialises stale takeovers: neither is state an operator acts on.
    if (part.endsWith('.reap.d') || /\.lock\.d\..+/.test(part)) return true;
    if (/\.(tomb|tombstone|stale|dead|removed)(-[0-9a-zA-Z]+)?$/.test(part)) return true;
    if (part.endsWith('.guard') || part.includes('.guard.')) return true;
    if (part.endsWith('.ids')) return true;
  }
  return false;
}

/**
 * Classify an absolute path under `root` (or `undefined` when the monitor does not care).
 * Directories classify too: a lock directory is its lease; the others are containers.
 *
 * @example
 * classifyPath('/coord', '/coord/locks/src/a.ts.lock.d/owner.json');
 * // { kind: 'lease', key: 'locks/src/a.ts.lock.d', resource: 'src/a.ts', lock_path: '/coord/locks/src/a.ts.lock.d' }
 * classifyPath('/coord', '/coord/rooms/task/t1/plan.jsonl');
 * // { kind: 'room', key: 'task/t1/plan', scope: 'task', scope_id: 't1', room: 'plan' }
 */
export function classifyPath(root: string, absolute: string): PathClass | undefined {
  const rel = toRel(root, absolute);
  if (rel === undefined || isIgnoredPath(rel)) return undefined;
  return classifyRel(root, rel);
}

/** {@link classifyPath} for a path already relative to the root (with `/` separators). */
export function classifyRel(root: string, rel: string): PathClass | undefined {
  if (rel === '') return { kind: 'container', rel: '' };
  const parts = rel.split('/');
  const [top] = parts;
  switch (top) {
    case 'baton.json':
      return parts.length === 1 ? { kind: 'root' } : undefined;
    case 'locks':
      return classifyLock(root, parts);
    case 'agents':
      if (parts.length === 1) return { kind: 'container', rel };
      return parts.length === 2 ? jsonName(parts[1]!, (id) => ({ kind: 'agent', id })) : undefined;
    case 'rooms':
      return classifyRoom(parts);
    case 'runs':
      return classifyRun(root, parts);
    case 'handoffs':
      return classifyHandoff(parts);
    case 'barriers':
      if (parts.length === 1) return { kind: 'container', rel };
      if (!isValidName(parts[1]!)) return undefined;
      if (parts.length === 2) return { kind: 'barrier', name: parts[1]! };
      // barriers/<name>/<agent>.json (arrivals), barriers/<name>/expected[/<by>.json] (declarations)
      if (parts.length === 3 && (parts[2]!.endsWith(JSON_SUFFIX) || parts[2] === 'expected')) {
        return { kind: 'barrier', name: parts[1]! };
      }
      return parts.length === 4 && parts[2] === 'expected' && parts[3]!.endsWith(JSON_SUFFIX)
        ? { kind: 'barrier', name: parts[1]! }
        : undefined;
    case 'unsettled':
      if (parts.length === 1) return { kind: 'container', rel };
      return parts.length === 2
        ? jsonName(parts[1]!, (pipeline_id) => ({ kind: 'unsettled', pipeline_id }))
        : undefined;
    case 'audit':
      if (parts.length === 1) return { kind: 'container', rel };
      if (parts.length !== 2) return undefined;
      if (parts[1] === 'lifecycle.jsonl') return { kind: 'audit', log: 'lifecycle' };
      if (parts[1] === 'operator.jsonl') return { kind: 'audit', log: 'operator' };
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Whether the layout requires the container `rel` to be a directory, so that a file standing
 * there hides what belongs under it. Not the root (checked when the monitor opens) nor lock
 * namespaces below `locks/`: a resource path's folders are whatever agents name them, and a
 * stray file among them hides nothing.
 *
 * @example
 * isLayoutDirectory('runs/r1');         // true
 * isLayoutDirectory('locks/src/notes'); // false
 */
export function isLayoutDirectory(rel: string): boolean {
  return rel !== '' && !rel.startsWith('locks/');
}

function classifyLock(root: string, parts: string[]): PathClass | undefined {
  // locks/<a>/<b>/<name>.lock.d[/owner.json]
  const lockIndex = parts.findIndex((part, i) => i > 0 && part.endsWith(LOCK_SUFFIX));
  if (lockIndex < 0) return { kind: 'container', rel: parts.join('/') };
  const rest = parts.slice(lockIndex + 1);
  if (rest.length > 1 || (rest.length === 1 && rest[0] !== 'owner.json')) return undefined;
  const resourceParts = parts.slice(1, lockIndex + 1);
  const last = resourceParts[resourceParts.length - 1]!;
  resourceParts[resourceParts.length - 1] = last.slice(0, -LOCK_SUFFIX.length);
  if (!resourceParts.every(isValidName)) return undefined;
  const key = parts.slice(0, lockIndex + 1).join('/');
  return {
    kind: 'lease',
    key,
    resource: resourceParts.join('/'),
    lock_path: path.join(root, ...parts.slice(0, lockIndex + 1)),
  };
}

function classifyRoom(parts: string[]): PathClass | undefined {
  // rooms/<scope>/<scope_id>/<room>.jsonl | rooms/<scope>/<scope_id>/<room>.consumers/<c>.json
  if (parts.length <= 3) {
    if (parts.length >= 2 && !SCOPES.includes(parts[1]!)) return undefined;
    if (parts.length === 3 && !isValidName(parts[2]!)) return undefined;
    return { kind: 'container', rel: parts.join('/') };
  }
  const [, scope, scopeId, name] = parts as [string, string, string, string];
  if (!SCOPES.includes(scope) || !isValidName(scopeId)) return undefined;
  if (parts.length === 4 && name.endsWith('.jsonl')) {
    const room = name.slice(0, -'.jsonl'.length);
    if (!isValidName(room)) return undefined;
    return {
      kind: 'room',
      key: `${scope}/${scopeId}/${room}`,
      scope: scope as Scope,
      scope_id: scopeId,
      room,
    };
  }
  if (name.endsWith('.consumers')) {
    const room = name.slice(0, -'.consumers'.length);
    if (!isValidName(room)) return undefined;
    const room_key = `${scope}/${scopeId}/${room}`;
    if (parts.length === 4) return { kind: 'container', rel: parts.join('/') };
    if (parts.length === 5) {
      return jsonName(parts[4]!, (consumer) => ({ kind: 'cursor', room_key, consumer }));
    }
  }
  return undefined;
}

function classifyRun(root: string, parts: string[]): PathClass | undefined {
  // runs/<id>/run.json | runs/<id>/checkpoints.jsonl | runs/<id>/lease.lock.d[/owner.json]
  if (parts.length === 1) return { kind: 'container', rel: 'runs' };
  const runId = parts[1]!;
  if (!isValidName(runId)) return undefined;
  if (parts.length === 2) return { kind: 'container', rel: parts.join('/') };
  const name = parts[2]!;
  if (parts.length === 3 && name === 'run.json') return { kind: 'run', run_id: runId };
  if (parts.length === 3 && name === 'checkpoints.jsonl') {
    return { kind: 'checkpoints', run_id: runId };
  }
  if (
    name === 'lease.lock.d' &&
    (parts.length === 3 || (parts.length === 4 && parts[3] === 'owner.json'))
  ) {
    return {
      kind: 'lease',
      key: `runs/${runId}/lease.lock.d`,
      resource: `runs/${runId}`,
      lock_path: path.join(root, 'runs', runId, 'lease.lock.d'),
    };
  }
  return undefined;
}

function classifyHandoff(parts: string[]): PathClass | undefined {
  // handoffs/<pending|accepted|declined>/<id>.json and <id>.decision.json beside it
  if (parts.length === 1) return { kind: 'container', rel: 'handoffs' };
  const state = parts[1]!;
  if (state !== 'pending' && state !== 'accepted' && state !== 'declined') return undefined;
  if (parts.length === 2) return { kind: 'container', rel: parts.join('/') };
  if (parts.length !== 3) return undefined;
  let name = parts[2]!;
  if (!name.endsWith(JSON_SUFFIX)) return undefined;
  name = name.slice(0, -JSON_SUFFIX.length);
  if (name.endsWith('.decision')) name = name.slice(0, -'.decision'.length);
  return isValidName(name) ? { kind: 'handoff', id: name } : undefined;
}

function jsonName(name: string, make: (id: string) => PathClass): PathClass | undefined {
  if (!name.endsWith(JSON_SUFFIX)) return undefined;
  const id = name.slice(0, -JSON_SUFFIX.length);
  return isValidName(id) ? make(id) : undefined;
}

/** `absolute` relative to `root` with `/` separators, or undefined when outside it. */
export function toRel(root: string, absolute: string): string | undefined {
  // Fast path (every watcher event comes through here): a plain prefix of a normalised path.
  if (
    absolute.length > root.length &&
    absolute.startsWith(root) &&
    absolute[root.length] === path.sep
  ) {
    const rest = absolute.slice(root.length + 1);
    if (!rest.includes('..') && !rest.includes(`${path.sep}${path.sep}`)) {
      return path.sep === '/' ? rest : rest.split(path.sep).join('/');
    }
  }
  if (absolute === root) return '';
  const rel = path.relative(root, absolute);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}
