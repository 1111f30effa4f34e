import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isLocalPidAlive } from '../host/pid-alive.ts';
import { hasErrnoCode } from '../errors.ts';
import { readRecord } from '../files/read-record.ts';
import { sleepSync } from '../files/sleep-sync.ts';
import { lockDirStat, RECORD_FILE } from './lease-paths.ts';
import { LEASE_SCHEMA, LeaseRecordSchema, type LeaseRecord } from './lease-schema.ts';

/*
 * One lock directory is one *instance* of a lease: created by mkdir, it holds owner.json and a
 * seal file `holder.<token>` naming the token it was created for. Tokens are unique, so the seal
 * exists in exactly one instance ever. Renaming the seal to a claim name is the compare-and-swap
 * every other step is built on: it succeeds only if the directory now at the lock path is that
 * token's instance, and only for one process. While the claim is held nobody else can move,
 * remove or rewrite the instance (they all need the claim first), so what the claimant does to
 * the lock path lands on the instance it claimed. See docs/format.md "Leases".
 */

export const HOST = os.hostname();
const HOST_TAG = crypto.createHash('sha256').update(HOST).digest('hex').slice(0, 8);
const SEAL_PREFIX = 'holder.';
const CLAIM_MARK = '.claim-';
const CLAIM_PATTERN = /\.claim-(\d+)-([0-9a-f]{8})-(\d+)-[0-9a-f]+$/;
/** Tokens that may appear in a file name: ours (`lease-<uuid>`) and the seed's. */
const SEALABLE_TOKEN = /^[A-Za-z0-9_-]{1,200}$/;
/** Put-back races between our rename and readdir are retried at most this often. */
const MAX_SPINS = 1_000;

const PID = process.pid;
/** Random per process (a recycled pid gets another), then a counter: unique without a syscall. */
const PROCESS_NONCE = crypto.randomBytes(6).toString('hex');
let counter = 0;

/** `<pid>-<hex>`: unique per process and call, for claims and tombstones. */
export function uniqueSuffix(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${PID}-${PROCESS_NONCE}${counter.toString(16)}`;
}

/** The seal's file name inside a lock directory: `holder.<token>`. */
export function sealName(token: string): string {
  return SEAL_PREFIX + token;
}

/** A new random token for one acquisition. */
export function newToken(): string {
  return `lease-${crypto.randomUUID()}`;
}

export type CreateOutcome =
  | { kind: 'created'; record: LeaseRecord }
  /** The lock directory already exists. */
  | { kind: 'exists' }
  /** We made the directory but another process's record won it (or it vanished): not ours. */
  | { kind: 'lost' };

/**
 * Create a new instance at `lockPath` (parents made on demand): non-recursive mkdir is the
 * atomic step; then the record is written to the seal file `holder.<token>` and published as
 * owner.json with link(), which (unlike rename) refuses to replace an existing record, so a
 * slow creator can never overwrite a newer holder's record. Readers never see owner.json
 * half-written: it appears complete, in one link. `build` runs after mkdir succeeded.
 */
export function createInstance(lockPath: string, build: () => LeaseRecord): CreateOutcome {
  // A held lock is the common case under contention. lstat is a lock-free lookup; a failing
  // mkdir would take the parent directory's lock (slowing the holder's own renames) and
  // build an Error with a stack trace. It also refuses a symlink planted at the lock path.
  if (lockDirStat(lockPath)) return { kind: 'exists' };
  try {
    fs.mkdirSync(lockPath);
  } catch (error) {
    if (hasErrnoCode(error, 'EEXIST')) return { kind: 'exists' };
    if (!hasErrnoCode(error, 'ENOENT')) throw error;
    fs.mkdirSync(path.dirname(lockPath), { recursive: true });
    try {
      fs.mkdirSync(lockPath);
    } catch (again) {
      if (hasErrnoCode(again, 'EEXIST')) return { kind: 'exists' };
      throw again;
    }
  }
  const record = build();
  const seal = path.join(lockPath, sealName(record.token));
  try {
    fs.writeFileSync(seal, JSON.stringify(record, null, 2) + '\n', { flag: 'wx' });
  } catch (error) {
    // Only a forced removal of our brand-new directory gets here.
    if (hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) return { kind: 'lost' };
    throw error;
  }
  try {
    fs.linkSync(seal, path.join(lockPath, RECORD_FILE));
  } catch (error) {
    unlinkQuietly(seal); // the name is unique to us, wherever the path now leads
    if (hasErrnoCode(error, 'EEXIST', 'ENOENT', 'ENOTDIR')) return { kind: 'lost' };
    throw error;
  }
  return { kind: 'created', record };
}

export type ClaimOutcome =
  | { kind: 'claimed'; claim_path: string; seal_path: string }
  /** No lock directory at the path. */
  | { kind: 'absent' }
  /** The lock directory is another token's (or has no record yet). */
  | { kind: 'other' }
  /** The record names this token but has no seal: written by another tool (the seed). */
  | { kind: 'sealless' }
  /** Another live process holds the claim (renewing, releasing or taking over). */
  | { kind: 'busy' };

/**
 * Claim the instance of `token` at `lockPath` (see the comment at the top of this file).
 * Waits up to `wait_ms` for a live claim to be put back; takes over a claim whose holder died
 * (same host, pid gone) or that is older than `reaper_ttl_ms`.
 */
export function claimInstance(
  lockPath: string,
  token: string,
  options: { wait_ms: number; reaper_ttl_ms: number },
): ClaimOutcome {
  const sealable = SEALABLE_TOKEN.test(token);
  const seal = path.join(lockPath, sealName(token));
  const prefix = sealName(token) + CLAIM_MARK;
  const deadline = Date.now() + options.wait_ms;
  let pause = 1;
  for (let spin = 0; spin < MAX_SPINS; spin++) {
    const claimPath = path.join(lockPath, `${prefix}${Date.now()}-${HOST_TAG}-${uniqueSuffix()}`);
    if (sealable) {
      try {
        fs.renameSync(seal, claimPath);
        return { kind: 'claimed', claim_path: claimPath, seal_path: seal };
      } catch (error) {
        if (!hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) throw error;
      }
    }
    let entries: string[];
    try {
      entries = fs.readdirSync(lockPath);
    } catch (error) {
      if (hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) return { kind: 'absent' };
      throw error;
    }
    if (sealable && entries.includes(sealName(token))) continue; // put back meanwhile
    const held = sealable ? entries.find((name) => name.startsWith(prefix)) : undefined;
    if (held !== undefined) {
      if (claimIsStale(held, options.reaper_ttl_ms)) {
        try {
          fs.renameSync(path.join(lockPath, held), claimPath);
          return { kind: 'claimed', claim_path: claimPath, seal_path: seal };
        } catch (error) {
          if (!hasErrnoCode(error, 'ENOENT')) throw error;
          continue;
        }
      }
      if (Date.now() >= deadline) return { kind: 'busy' };
      sleepSync(pause);
      pause = Math.min(pause * 2, 16);
      continue;
    }
    if (entries.some((name) => name.startsWith(SEAL_PREFIX))) return { kind: 'other' };
    const read = readRecord(path.join(lockPath, RECORD_FILE), LeaseRecordSchema, LEASE_SCHEMA, {
      mtime: false,
    });
    return read.ok && read.value.token === token ? { kind: 'sealless' } : { kind: 'other' };
  }
  return { kind: 'busy' };
}

/** Put a claim back (the instance stays as it was, now claimable again). False if it was taken. */
export function unclaim(claim: { claim_path: string; seal_path: string }): boolean {
  try {
    fs.renameSync(claim.claim_path, claim.seal_path);
    return true;
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) return false;
    throw error;
  }
}

/** A claim is stale when its holder died on this host or it is older than `ttlMs`. */
function claimIsStale(name: string, ttlMs: number): boolean {
  const match = CLAIM_PATTERN.exec(name);
  if (!match) return true; // not written by us: nobody will ever put it back
  const since = Number(match[1]);
  if (Date.now() - since > ttlMs) return true;
  return match[2] === HOST_TAG && !isLocalPidAlive(Number(match[3]));
}

/**
 * Move the lock directory aside in one rename, so the path is free at once for the next mkdir;
 * returns the tombstone (`<lock>.tomb-<pid>-<random>`, skipped by readers) or undefined if the
 * directory was already gone.
 */
export function tombstone(lockPath: string): string | undefined {
  const tomb = `${lockPath}.tomb-${uniqueSuffix()}`;
  try {
    fs.renameSync(lockPath, tomb);
    return tomb;
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/**
 * Delete a tombstone: unlink the files we know by name, then remove the directory in the
 * background (rmdir is the slowest step of a release on ext4, and the lock path is already
 * free). Never throws: a tombstone left behind is litter that readers skip, not a lease.
 */
export function removeTombstone(tomb: string | undefined, known: readonly string[]): void {
  if (tomb === undefined) return;
  for (const name of known) unlinkQuietly(path.join(tomb, name));
  fs.rmdir(tomb, (error) => {
    // Files we did not know by name (a crashed renew's temporary, another tool's): sweep.
    if (error) fs.rm(tomb, { recursive: true, force: true }, () => {});
  });
}

function unlinkQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // already gone or never made
  }
}
