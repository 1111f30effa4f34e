import type { LeaseRecord, LeaseState } from './lease-schema.ts';

/**
 * The human message of a lease conflict, in the seed's shape: the lock path and state, then one
 * line each for the owner, its run, the reason and the expiry (when known).
 *
 * @example
 * conflictMessage({ lock_path: '/coord/locks/a.lock.d', state: 'active', holder: record });
 * // lease is held: /coord/locks/a.lock.d (state: active)
 * // - owner: builder-1 (pid 4242 on box)
 * // - expires_at_ms: 1767225600000 (in 9m 58s)
 */
export function conflictMessage(conflict: {
  lock_path: string;
  state: LeaseState;
  holder?: LeaseRecord | undefined;
  now?: number;
  note?: string;
}): string {
  const { holder } = conflict;
  const now = conflict.now ?? Date.now();
  const lines = [`lease is held: ${conflict.lock_path} (state: ${conflict.state})`];
  const owner = holder?.owner;
  let who = owner?.id ?? 'unknown';
  if (owner?.agent !== undefined && owner.agent !== owner.id) who += ` (agent ${owner.agent})`;
  if (owner?.pid !== undefined)
    who += ` (pid ${owner.pid}${owner.host ? ` on ${owner.host}` : ''})`;
  lines.push(`- owner: ${who}`);
  if (owner?.run_id !== undefined) lines.push(`- run: ${owner.run_id}`);
  if (holder?.reason !== undefined) lines.push(`- reason: ${holder.reason}`);
  if (holder) {
    const delta = holder.expires_at_ms - now;
    const when =
      delta >= 0 ? `in ${Math.ceil(delta / 1000)}s` : `${Math.floor(-delta / 1000)}s ago`;
    lines.push(`- expires_at_ms: ${holder.expires_at_ms} (${when})`);
  }
  if (conflict.note !== undefined) lines.push(`- ${conflict.note}`);
  return lines.join('\n');
}
