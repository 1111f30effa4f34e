import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';
import { hasErrnoCode } from '../errors.ts';
import { writeJsonAtomic } from '../files/atomic-write.ts';
import { createFileExclusive } from '../files/exclusive-file.ts';
import { parseRecord } from '../files/read-record.ts';
import { sleepSync } from '../files/sleep-sync.ts';
import { withGuard } from './exclusive-guard.ts';
import { MessageSchema, type Message } from './message-schema.ts';
import { scanRoom } from './read.ts';
import { idClaimsDir, roomFile, type RoomRef } from './room-ref.ts';

/**
 * How long a post with an explicit id (or dedupe_key) stays idempotent: a repeat within this
 * window returns the original receipt. Claims older than this are pruned (docs/format.md).
 */
export const ID_CLAIM_WINDOW_MS = 60 * 60 * 1000;
/** A claim still without its line after this long was left by a crashed poster. */
export const ID_CLAIM_STALE_MS = 10_000;
/** Pruning of old claims runs at most this often per room. */
export const ID_CLAIM_PRUNE_EVERY_MS = 60 * 1000;

export const ID_CLAIM_SCHEMA = 'baton.room_id_claim.v1';

const IdClaimSchema = z.looseObject({
  schema: z.literal(ID_CLAIM_SCHEMA),
  id: z.string(),
  token: z.string(),
  pid: z.number().int(),
  host: z.string(),
  claimed_at_ms: z.number().int(),
  /** The room's size when claimed: the line, if appended, is at or after it. */
  size_at_claim: z.number().int().nonnegative(),
  message: MessageSchema,
  offset: z.number().int().nonnegative().optional(),
  cursor: z.number().int().nonnegative().optional(),
});
type IdClaim = z.infer<typeof IdClaimSchema>;

/** Where the message that first used an id landed. */
export interface PostedLine {
  message: Message;
  offset: number;
  cursor: number;
}

export type ClaimOutcome =
  { claimed: true; file: string; claim: IdClaim } | { claimed: false; original: PostedLine };

/**
 * Claim `message.id` in its room before appending it, so that one id yields one line even when
 * several processes post it at the same moment. The claim is `<room>.ids/<id>.json`, created
 * atomically with its content (hard link of a written temporary: fails if it exists). A process
 * that finds the claim returns the original line (waiting briefly if the claimer has not appended
 * yet). A claim left pending by a crashed poster is taken over after {@link ID_CLAIM_STALE_MS},
 * under a guard, unless its line turns out to be in the room after all.
 *
 * @example
 * const outcome = claimId(dir, ref, message);
 * if (outcome.claimed) completeClaim(outcome, appendJsonLine(file, message));
 */
export function claimId(dir: string, ref: RoomRef, message: Message): ClaimOutcome {
  const claimsDir = idClaimsDir(dir, ref);
  fs.mkdirSync(claimsDir, { recursive: true });
  pruneClaims(claimsDir);
  const file = path.join(claimsDir, `${message.id}.json`);
  const claim: IdClaim = {
    schema: ID_CLAIM_SCHEMA,
    id: message.id,
    token: crypto.randomBytes(12).toString('hex'),
    pid: process.pid,
    host: os.hostname(),
    claimed_at_ms: Date.now(),
    size_at_claim: fileSize(roomFile(dir, ref)),
    message,
  };
  let pause = 1;
  for (;;) {
    if (createFileExclusive(file, JSON.stringify(claim) + '\n'))
      return { claimed: true, file, claim };
    const existing = readClaim(file);
    if (existing === 'absent') continue; // pruned or released between our two calls
    if (
      existing !== 'malformed' &&
      existing.cursor !== undefined &&
      existing.offset !== undefined
    ) {
      return {
        claimed: false,
        original: { message: existing.message, offset: existing.offset, cursor: existing.cursor },
      };
    }
    const age =
      existing === 'malformed' ? Date.now() - mtimeMs(file) : Date.now() - existing.claimed_at_ms;
    if (age < ID_CLAIM_STALE_MS) {
      sleepSync(pause); // the claimer is between its claim and its append: microseconds, usually
      pause = Math.min(pause * 2, 20);
      continue;
    }
    const outcome = resolveStale(dir, ref, file, existing, claim);
    if (outcome) return outcome;
  }
}

/**
 * Record where the claimed message landed, so repeats return it without searching the room.
 *
 * @example
 * completeClaim(outcome, { offset: 0, cursor: 312 });
 */
export function completeClaim(
  outcome: { file: string; claim: IdClaim },
  at: { offset: number; cursor: number },
): void {
  writeJsonAtomic(outcome.file, { ...outcome.claim, offset: at.offset, cursor: at.cursor });
}

/** True while `outcome`'s claim is still ours (not taken over as stale). */
export function stillClaimed(outcome: { file: string; claim: IdClaim }): boolean {
  const current = readClaim(outcome.file);
  return typeof current === 'object' && current.token === outcome.claim.token;
}

/** Give a claim back when the append failed, so a retry can post the id. */
export function releaseClaim(outcome: { file: string; claim: IdClaim }): void {
  withGuard(`${outcome.file}.guard`, () => {
    if (stillClaimed(outcome)) fs.rmSync(outcome.file, { force: true });
  });
}

/** Decide about a claim pending for too long: its line exists after all, or we take it over. */
function resolveStale(
  dir: string,
  ref: RoomRef,
  file: string,
  seen: IdClaim | 'malformed',
  ours: IdClaim,
): ClaimOutcome | undefined {
  return withGuard(`${file}.guard`, () => {
    const current = readClaim(file);
    if (current === 'absent') return undefined;
    const same =
      current === 'malformed'
        ? seen === 'malformed'
        : seen !== 'malformed' && current.token === seen.token;
    if (!same) return undefined; // someone resolved it meanwhile: look again
    if (current !== 'malformed') {
      const found = findFrom(dir, ref, current.id, current.size_at_claim);
      if (found) {
        writeJsonAtomic(file, { ...current, offset: found.offset, cursor: found.cursor });
        return { claimed: false, original: found };
      }
    }
    const taken = {
      ...ours,
      claimed_at_ms: Date.now(),
      size_at_claim: fileSize(roomFile(dir, ref)),
    };
    writeJsonAtomic(file, taken);
    return { claimed: true, file, claim: taken };
  });
}

function findFrom(dir: string, ref: RoomRef, id: string, from: number): PostedLine | undefined {
  let found: PostedLine | undefined;
  scanRoom(dir, ref, from, (entry) => {
    if (entry.message.id !== id) return true;
    found = entry;
    return false;
  });
  return found;
}

function readClaim(file: string): IdClaim | 'absent' | 'malformed' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT')) return 'absent';
    throw error;
  }
  const parsed = parseRecord(file, text, IdClaimSchema, ID_CLAIM_SCHEMA);
  return parsed.ok ? parsed.value : 'malformed';
}

/** Delete claims older than the window; at most once per {@link ID_CLAIM_PRUNE_EVERY_MS}. */
function pruneClaims(claimsDir: string): void {
  const stamp = path.join(claimsDir, '.pruned');
  const now = Date.now();
  if (now - mtimeMs(stamp) < ID_CLAIM_PRUNE_EVERY_MS) return;
  fs.writeFileSync(stamp, ''); // first, so concurrent posters do not all prune at once
  for (const name of fs.readdirSync(claimsDir)) {
    if (name === '.pruned') continue;
    const file = path.join(claimsDir, name);
    if (now - mtimeMs(file) > ID_CLAIM_WINDOW_MS) fs.rmSync(file, { force: true });
  }
}

function mtimeMs(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT')) return 0;
    throw error;
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT')) return 0;
    throw error;
  }
}
