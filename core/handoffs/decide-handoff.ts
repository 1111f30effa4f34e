import crypto from 'node:crypto';
import fs from 'node:fs';
import { BatonError, hasErrnoCode } from '../errors.ts';
import { writeJsonExclusive } from '../files/exclusive-file.ts';
import { validateName } from '../files/names.ts';
import { readRecord } from '../files/read-record.ts';
import { sleepSync } from '../files/sleep-sync.ts';
import { reply, type Receipt } from '../rooms/index.ts';
import {
  HANDOFF_DECISION_SCHEMA,
  HANDOFF_SCHEMA,
  HandoffRecordSchema,
  type HandoffDecision,
  type HandoffRecord,
} from './handoff-schema.ts';
import { createdMessageId, decidedMessageId, handoffRoom } from './handoff-room.ts';
import { handoffPaths, type HandoffDecisionKind } from './handoff-paths.ts';
import { readDecision } from './read-handoffs.ts';

/**
 * A claim older than this whose record is still in pending/ was left by a decider that died
 * mid-move; the next decider finishes the move for it.
 */
export const DECISION_SETTLE_MS = 10_000;

export interface HandoffDecisionResult {
  id: string;
  state: HandoffDecisionKind;
  handoff: HandoffRecord;
  decision: HandoffDecision;
  /** Where the record now is. */
  path: string;
  /** The ack/decision message posted to the handoff's room (null if posting failed). */
  message: Receipt | null;
  /** Why the message could not be posted; the decision itself stands. */
  message_error?: string;
}

/**
 * Accept a pending handoff. Exactly one of any number of concurrent deciders (accepting or
 * declining, in any process) wins; every other gets BatonError `conflict` with the message
 * "handoff <id> already accepted by <by>" (or declined) and the decision in `detail`.
 * The winner moves the record to `handoffs/accepted/<id>.json`, keeps the decision beside it
 * in `<id>.decision.json`, and posts an `ack` message to the handoff's room, addressed to the
 * creator, as a reply to the creation message.
 *
 * How the winner is decided: the decision record is first created as
 * `pending/<id>.decision.json` with `link()`, which fails if it exists: that single step picks
 * the winner, and the claim is complete from its first instant, so a loser can always read
 * and name the winner. Then the record is renamed out of pending/ (one atomic rename) and the
 * claim is linked beside it and removed from pending/. The record is always in exactly one
 * of pending/, accepted/, declined/.
 *
 * @example
 * acceptHandoff('/coord', id, { by: 'reviewer-2', note: 'on it' });
 */
export function acceptHandoff(
  dir: string,
  id: string,
  options: { by: string; note?: string; now?: number },
): HandoffDecisionResult {
  if (options.note !== undefined && typeof options.note !== 'string') {
    throw new BatonError('invalid_argument', 'note must be a string');
  }
  return decide(dir, id, 'accepted', options.by, { note: options.note }, options.now);
}

/**
 * Decline a pending handoff; the same single-winner rules as {@link acceptHandoff}. The winner
 * posts a `decision` message with the reason to the handoff's room, addressed to the creator.
 *
 * @example
 * declineHandoff('/coord', id, { by: 'reviewer-2', reason: 'not my area' });
 */
export function declineHandoff(
  dir: string,
  id: string,
  options: { by: string; reason: string; now?: number },
): HandoffDecisionResult {
  if (typeof options.reason !== 'string' || options.reason.trim() === '') {
    throw new BatonError('invalid_argument', 'a reason is required to decline a handoff');
  }
  return decide(dir, id, 'declined', options.by, { reason: options.reason }, options.now);
}

function decide(
  dir: string,
  id: string,
  kind: HandoffDecisionKind,
  by: string,
  text: { note?: string | undefined; reason?: string | undefined },
  now = Date.now(),
): HandoffDecisionResult {
  validateName('handoff id', id);
  validateName('by', by);
  const paths = handoffPaths(dir);
  const pendingFile = paths.record('pending', id);
  const read = readRecord(pendingFile, HandoffRecordSchema, HANDOFF_SCHEMA);
  if (!read.ok) {
    if (read.absent) throw alreadyDecidedOrMissing(dir, id);
    throw new BatonError('unreadable', read.diagnostic.message, { path: pendingFile });
  }
  const handoff = read.value;
  const decision: HandoffDecision = {
    schema: HANDOFF_DECISION_SCHEMA,
    id,
    decision: kind,
    by,
    at_ms: now,
    ...(text.note === undefined ? {} : { note: text.note }),
    ...(text.reason === undefined ? {} : { reason: text.reason }),
    token: crypto.randomBytes(8).toString('hex'),
  };
  if (!writeJsonExclusive(paths.claim(id), decision)) {
    throw alreadyDecidedOrMissing(dir, id);
  }
  // We hold the claim. If the record has already left pending/, an earlier decision finished
  // moving (and cleared its claim) before ours was made: ours is void.
  fs.mkdirSync(paths.stateDir(kind), { recursive: true });
  try {
    fs.renameSync(pendingFile, paths.record(kind, id));
  } catch (error) {
    fs.rmSync(paths.claim(id), { force: true }); // only ever ours: nobody else could create it
    if (hasErrnoCode(error, 'ENOENT')) throw alreadyDecidedOrMissing(dir, id);
    throw error;
  }
  settleClaim(dir, id, kind);
  return { ...announce(dir, handoff, decision), path: paths.record(kind, id) };
}

/**
 * Put the decision beside the moved record and clear the claim from pending/. `link()` never
 * replaces, so whoever finishes this first (the winner, or a later decider finishing a dead
 * winner's move) writes the decision file once; only the one whose link succeeded removes the
 * claim, which keeps a later stray claim safe.
 */
function settleClaim(dir: string, id: string, kind: HandoffDecisionKind): void {
  const paths = handoffPaths(dir);
  try {
    fs.linkSync(paths.claim(id), paths.decision(kind, id));
  } catch (error) {
    if (hasErrnoCode(error, 'EEXIST', 'ENOENT')) return;
    throw error;
  }
  fs.rmSync(paths.claim(id), { force: true });
}

/** Post the ack/decision message; a failure to post never undoes the decision. */
function announce(
  dir: string,
  handoff: HandoffRecord,
  decision: HandoffDecision,
): Omit<HandoffDecisionResult, 'path'> {
  const base = { id: handoff.id, state: decision.decision, handoff, decision };
  const accepted = decision.decision === 'accepted';
  const why = accepted ? decision.note : decision.reason;
  try {
    const message = reply(
      dir,
      handoffRoom(handoff),
      {
        id: createdMessageId(handoff.id),
        from: handoff.from,
        thread_id: handoff.thread_id ?? createdMessageId(handoff.id),
      },
      {
        id: decidedMessageId(handoff.id),
        kind: accepted ? 'ack' : 'decision',
        from: decision.by,
        to: handoff.from,
        body: `${decision.decision} handoff ${handoff.id}${why ? `: ${why}` : ''}`,
        data: {
          handoff_id: handoff.id,
          decision: decision.decision,
          by: decision.by,
          ...(decision.note === undefined ? {} : { note: decision.note }),
          ...(decision.reason === undefined ? {} : { reason: decision.reason }),
          artifact: handoff.artifact ?? null,
          run_id: handoff.run_id ?? null,
        },
      },
    );
    return { ...base, message };
  } catch (error) {
    return { ...base, message: null, message_error: (error as Error).message };
  }
}

/**
 * The error for a decider that lost (or a handoff that does not exist). Reads the decision
 * beside the moved record first, and only then the claim in pending/, re-checking after: a
 * claim read while no decision file existed is the winner's (a stray claim can only appear
 * after the winner's decision file does). Finishes the move of a winner that died mid-way.
 */
function alreadyDecidedOrMissing(dir: string, id: string): BatonError {
  const paths = handoffPaths(dir);
  for (let attempt = 0; attempt < 50; attempt++) {
    let found = readDecision(dir, id);
    if (found.decision && found.claimed) {
      const again = readDecision(dir, id);
      if (again.decision && !again.claimed) found = again;
      else finishStaleMove(dir, id, found.decision);
    }
    if (found.decision) return conflict(found.decision);
    const moved = ['accepted', 'declined'].some((s) =>
      fs.existsSync(paths.record(s as HandoffDecisionKind, id)),
    );
    if (!moved && !fs.existsSync(paths.record('pending', id))) {
      return new BatonError('not_found', `handoff ${id} does not exist`, { id });
    }
    // Between a winner's steps, or a stray claim just removed: look again shortly.
    sleepSync(2);
  }
  return new BatonError('conflict', `handoff ${id} is being decided by someone else`, { id });
}

function conflict(decision: HandoffDecision): BatonError {
  return new BatonError(
    'conflict',
    `handoff ${decision.id} already ${decision.decision} by ${decision.by}`,
    { id: decision.id, decision },
  );
}

/** A claim older than {@link DECISION_SETTLE_MS} still in pending/: complete its move. */
function finishStaleMove(dir: string, id: string, claim: HandoffDecision): void {
  if (Date.now() - claim.at_ms < DECISION_SETTLE_MS) return;
  const paths = handoffPaths(dir);
  const kind = claim.decision;
  fs.mkdirSync(paths.stateDir(kind), { recursive: true });
  try {
    fs.renameSync(paths.record('pending', id), paths.record(kind, id));
  } catch (error) {
    if (!hasErrnoCode(error, 'ENOENT')) throw error;
  }
  const moved = readRecord(paths.record(kind, id), HandoffRecordSchema, HANDOFF_SCHEMA);
  if (!moved.ok) return;
  settleClaim(dir, id, kind);
  // The dead winner may not have posted; the message id is fixed, so this never repeats it.
  announce(dir, moved.value, claim);
}
