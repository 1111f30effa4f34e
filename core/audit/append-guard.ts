import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { isPidAliveOnThisHost } from '../host/pid-alive.ts';
import { BatonError, hasErrnoCode } from '../errors.ts';
import { createFileExclusive } from '../files/exclusive-file.ts';
import { sleepSync } from '../files/sleep-sync.ts';

/** A guard older than this is presumed abandoned (holders keep it for milliseconds). */
const DEFAULT_STALE_MS = 10_000;
/** How long a writer waits for the guard before giving up. */
const DEFAULT_WAIT_MS = 10_000;

interface GuardRecord {
  pid: number;
  host: string;
  token: string;
  at_ms: number;
}

export interface AppendGuardOptions {
  /** Break a guard older than this (default 10 s). */
  staleMs?: number;
  /** Give up with a `timeout` error after this long (default 10 s). */
  waitMs?: number;
}

/**
 * Run `body` while holding a short exclusive guard on `file` (`<file>.guard`), so a writer can
 * read the file's tail and append after it without another writer slipping in between (the
 * lifecycle log derives its `seq` this way). The guard is created complete with
 * {@link createFileExclusive} (fails if it exists); a guard whose holder died on this host, or
 * older than `staleMs`, is broken by rename-then-verify so a fresh guard taken meanwhile is put
 * back, not removed.
 *
 * @example
 * const seq = withAppendGuard('/coord/audit/lifecycle.jsonl', () => appendNext());
 */
export function withAppendGuard<T>(
  file: string,
  body: () => T,
  options: AppendGuardOptions = {},
): T {
  const guard = `${file}.guard`;
  const token = acquire(guard, options);
  try {
    return body();
  } finally {
    release(guard, token);
  }
}

function acquire(guard: string, options: AppendGuardOptions): string {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  const mine: GuardRecord = {
    pid: process.pid,
    host: os.hostname(),
    token: crypto.randomBytes(8).toString('hex'),
    at_ms: Date.now(),
  };
  let pause = 1;
  for (;;) {
    mine.at_ms = Date.now();
    if (createFileExclusive(guard, JSON.stringify(mine))) return mine.token;
    const held = readGuard(guard);
    if (held && isAbandoned(held, staleMs)) breakGuard(guard, held.token);
    if (Date.now() >= deadline) {
      throw new BatonError(
        'timeout',
        `${guard}: could not take the append guard within ${options.waitMs ?? DEFAULT_WAIT_MS} ms (held by pid ${held?.pid ?? '?'} on ${held?.host ?? '?'})`,
        { path: guard, holder: held },
      );
    }
    sleepSync(pause);
    pause = Math.min(pause * 2, 20);
  }
}

function readGuard(guard: string): GuardRecord | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(guard, 'utf8')) as Partial<GuardRecord>;
    if (typeof value.token !== 'string' || typeof value.at_ms !== 'number') return undefined;
    return {
      pid: typeof value.pid === 'number' ? value.pid : -1,
      host: typeof value.host === 'string' ? value.host : '',
      token: value.token,
      at_ms: value.at_ms,
    };
  } catch {
    // vanished (released meanwhile) or unreadable: try again on the next round
    return undefined;
  }
}

function isAbandoned(held: GuardRecord, staleMs: number): boolean {
  if (Date.now() - held.at_ms > staleMs) return true;
  return !isPidAliveOnThisHost(held.pid, held.host);
}

/**
 * Remove an abandoned guard whose token we saw. Rename first (atomic: only one breaker gets
 * it), then check it is the guard we judged; if another writer's fresh guard was taken by
 * mistake, link it back.
 */
function breakGuard(guard: string, staleToken: string): void {
  const tomb = `${guard}.stale-${crypto.randomBytes(6).toString('hex')}`;
  try {
    fs.renameSync(guard, tomb);
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT')) return;
    throw error;
  }
  const taken = readGuard(tomb);
  if (taken && taken.token !== staleToken) {
    try {
      fs.linkSync(tomb, guard);
    } catch (error) {
      if (!hasErrnoCode(error, 'EEXIST')) throw error;
    }
  }
  fs.rmSync(tomb, { force: true });
}

function release(guard: string, token: string): void {
  const held = readGuard(guard);
  if (held?.token === token) fs.rmSync(guard, { force: true });
}
