import fs from 'node:fs';
import path from 'node:path';
import { layout } from '../../index.ts';

/** The resource whose lock the buggy legacy writer leaves behind, half written. */
export const LEGACY_LOCK_RESOURCE = 'cache/legacy-index';

/**
 * THE DEMO'S ONLY RAW WRITE, ON PURPOSE. It simulates a buggy third-party writer (an old
 * nightly bot that predates Baton's library) which implements the lock protocol by hand: it
 * creates `locks/cache/legacy-index.lock.d/` and writes `owner.json` with a plain
 * `writeFileSync` instead of tmp+rename, and is cut off mid-write (the failure docs/format.md
 * measured for plain writes). What remains is a truncated JSON record, so the operator sees an
 * unreadable file and a lock directory without a usable owner. Every other record of the demo
 * is written through core's public API. Does nothing when the file already exists.
 *
 * @example
 * writeTruncatedLockRecord('/tmp/baton-demo-x'); // '/tmp/baton-demo-x/locks/cache/legacy-index.lock.d/owner.json'
 */
export function writeTruncatedLockRecord(dir: string, now = Date.now()): string | undefined {
  const lockDir = layout(dir).lockDir(LEGACY_LOCK_RESOURCE);
  const file = path.join(lockDir, 'owner.json');
  if (fs.existsSync(file)) return undefined;
  const record = {
    schema: 'harn.coordination.dir_lock.v1',
    resource_path: LEGACY_LOCK_RESOURCE,
    lock_path: lockDir,
    record_path: file,
    token: `legacy-${now.toString(36)}`,
    owner: { id: 'legacy-bot', agent: 'legacy-bot', host: 'legacy-ci-07', pid: 4242 },
    reason: 'rebuilding the legacy search index',
    refs: [],
    acquired_at_ms: now,
    updated_at_ms: now,
    ttl_ms: 600_000,
    expires_at_ms: now + 600_000,
  };
  const text = JSON.stringify(record, null, 2);
  fs.mkdirSync(lockDir, { recursive: true });
  // Cut at 40%: the bot "crashed" after its first write() call; the rest never reached the disk.
  fs.writeFileSync(file, text.slice(0, Math.floor(text.length * 0.4)));
  return file;
}
