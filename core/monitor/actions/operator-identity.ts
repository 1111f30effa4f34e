import os from 'node:os';

/**
 * Who the operator is, as recorded in the audit log and as the sender of operator messages:
 * `user@host` from the OS, overridable with `createMonitor({ operator })`. Whitespace (not
 * allowed in a message address) becomes `_`.
 *
 * @example
 * operatorIdentity();        // 'ana@build-box'
 * operatorIdentity('ana@x'); // 'ana@x'
 */
export function operatorIdentity(override?: string): string {
  let identity = override?.trim();
  if (!identity) {
    let user = 'unknown';
    try {
      user = os.userInfo().username || user;
    } catch {
      // no passwd entry (containers): keep 'unknown'
      user = process.env.USER ?? process.env.USERNAME ?? user;
    }
    identity = `${user}@${os.hostname()}`;
  }
  return identity.replace(/\s+/g, '_').slice(0, 256);
}

/**
 * The operator identity as a name of the directory's alphabet ([A-Za-z0-9._-], at most 128),
 * for fields that must be names (a handoff decision's `by`, a lifecycle entry's `by`):
 * `ana@build-box` -> `ana_at_build-box`.
 *
 * @example
 * operatorName('ana@build-box'); // 'ana_at_build-box'
 */
export function operatorName(identity: string): string {
  const name = identity
    .replace(/@/g, '_at_')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 128);
  return name === '' || name === '.' || name === '..' ? 'operator' : name;
}
