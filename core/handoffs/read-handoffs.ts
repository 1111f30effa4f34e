import path from 'node:path';
import { BatonError } from '../errors.ts';
import { isAtomicTemp } from '../files/atomic-write.ts';
import type { Diagnostic } from '../files/diagnostic.ts';
import { readDirNamesOrEmpty } from '../files/directory-entries.ts';
import { isValidName, validateName } from '../files/names.ts';
import { readRecord } from '../files/read-record.ts';
import {
  HANDOFF_DECISION_SCHEMA,
  HANDOFF_SCHEMA,
  HandoffDecisionSchema,
  HandoffRecordSchema,
  type HandoffDecision,
  type HandoffRecord,
} from './handoff-schema.ts';
import { HANDOFF_STATES, handoffPaths, type HandoffState } from './handoff-paths.ts';

/** A handoff as readers see it. */
export interface HandoffView {
  id: string;
  /** pending, or the decision made (even if its files are still being moved). */
  state: HandoffState;
  handoff: HandoffRecord;
  /** Who decided, when and why; null while pending. */
  decision: HandoffDecision | null;
  /** now - created_at_ms. */
  age_ms: number;
  /** Still pending and its deadline has passed. */
  overdue: boolean;
  /** The record file. */
  path: string;
  /** Decided, but the record still sits in pending/ (mid-move, or its decider died mid-move). */
  settling: boolean;
  diagnostics: Diagnostic[];
}

export type HandoffStateFilter = HandoffState | 'all';

/**
 * One handoff in whatever state it is, with its decision. Throws `not_found` when no state
 * holds it and `unreadable` when its record is corrupt (a bad decision file is only a
 * diagnostic). The record is looked for in pending/ first: it only ever moves out of pending,
 * so a concurrent decision cannot make it vanish between the lookups.
 *
 * @example
 * const view = readHandoff('/coord', 'handoff-20250101T120000123Z-9f3e2b8d');
 * if (view.state === 'accepted') console.log('taken by', view.decision?.by);
 */
export function readHandoff(dir: string, id: string, options: { now?: number } = {}): HandoffView {
  validateName('handoff id', id);
  const paths = handoffPaths(dir);
  for (const state of HANDOFF_STATES) {
    const file = paths.record(state, id);
    const read = readRecord(file, HandoffRecordSchema, HANDOFF_SCHEMA);
    if (read.ok) return viewOf(dir, state, read.value, options.now ?? Date.now());
    if (!read.absent) {
      throw new BatonError('unreadable', read.diagnostic.message, {
        path: file,
        diagnostic: read.diagnostic,
      });
    }
  }
  throw new BatonError(
    'not_found',
    `handoff ${id} does not exist (looked in ${paths.stateDir('pending')}, accepted/ and declined/)`,
    {
      id,
    },
  );
}

/**
 * Handoffs in one state (default `pending`) or `all`, optionally only those addressed `to` an
 * agent (or sent `from` one), oldest first, with `age_ms` and `overdue`. Bad files become
 * diagnostics.
 *
 * @example
 * const { handoffs } = listHandoffs('/coord', { to: 'reviewer-2' });
 * handoffs.filter((h) => h.overdue);
 */
export function listHandoffs(
  dir: string,
  options: { to?: string; from?: string; state?: HandoffStateFilter; now?: number } = {},
): { handoffs: HandoffView[]; diagnostics: Diagnostic[] } {
  const wanted = options.state ?? 'pending';
  if (wanted !== 'all' && !HANDOFF_STATES.includes(wanted)) {
    throw new BatonError(
      'invalid_argument',
      `state ${JSON.stringify(wanted)} is not one of ${[...HANDOFF_STATES, 'all'].join(', ')}`,
    );
  }
  if (options.to !== undefined) validateName('to', options.to);
  if (options.from !== undefined) validateName('from', options.from);
  const now = options.now ?? Date.now();
  const paths = handoffPaths(dir);
  const handoffs: HandoffView[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const location of HANDOFF_STATES) {
    for (const id of recordIds(paths.stateDir(location))) {
      if (seen.has(id)) continue;
      const file = paths.record(location, id);
      const read = readRecord(file, HandoffRecordSchema, HANDOFF_SCHEMA);
      if (!read.ok) {
        if (!read.absent) diagnostics.push(read.diagnostic);
        continue; // absent: moved to a later state while listing, found there
      }
      seen.add(id);
      const view = viewOf(dir, location, read.value, now);
      diagnostics.push(...view.diagnostics);
      if (wanted !== 'all' && view.state !== wanted) continue;
      if (options.to !== undefined && view.handoff.to !== options.to) continue;
      if (options.from !== undefined && view.handoff.from !== options.from) continue;
      handoffs.push(view);
    }
  }
  handoffs.sort(
    (a, b) => a.handoff.created_at_ms - b.handoff.created_at_ms || (a.id < b.id ? -1 : 1),
  );
  return { handoffs, diagnostics };
}

/**
 * The decision on handoff `id`: the decision file beside a decided record, else the claim
 * still in pending/ (the decider is mid-move or died there). Null when undecided.
 */
export function readDecision(
  dir: string,
  id: string,
): { decision: HandoffDecision | null; claimed: boolean; diagnostics: Diagnostic[] } {
  const paths = handoffPaths(dir);
  const diagnostics: Diagnostic[] = [];
  for (const file of [paths.decision('accepted', id), paths.decision('declined', id)]) {
    const read = readRecord(file, HandoffDecisionSchema, HANDOFF_DECISION_SCHEMA);
    if (read.ok) return { decision: read.value, claimed: false, diagnostics };
    if (!read.absent) diagnostics.push(read.diagnostic);
  }
  const claim = readRecord(paths.claim(id), HandoffDecisionSchema, HANDOFF_DECISION_SCHEMA);
  if (claim.ok) return { decision: claim.value, claimed: true, diagnostics };
  if (!claim.absent) diagnostics.push(claim.diagnostic);
  return { decision: null, claimed: false, diagnostics };
}

function viewOf(
  dir: string,
  location: HandoffState,
  record: HandoffRecord,
  now: number,
): HandoffView {
  const found = readDecision(dir, record.id);
  // A claim left in pending/ by someone who lost the race (the record had already moved) is
  // not this handoff's decision: only a decision matching where the record is counts.
  const decision =
    found.decision && (location === 'pending' || found.decision.decision === location)
      ? found.decision
      : null;
  const state: HandoffState = location === 'pending' ? (decision?.decision ?? 'pending') : location;
  return {
    id: record.id,
    state,
    handoff: record,
    decision,
    age_ms: Math.max(0, now - record.created_at_ms),
    overdue: state === 'pending' && record.deadline_ms !== undefined && record.deadline_ms <= now,
    path: handoffPaths(dir).record(location, record.id),
    settling: location === 'pending' && decision !== null,
    diagnostics: found.diagnostics,
  };
}

function recordIds(stateDir: string): string[] {
  return readDirNamesOrEmpty(stateDir)
    .filter((n) => n.endsWith('.json') && !n.endsWith('.decision.json') && !isAtomicTemp(n))
    .map((n) => path.basename(n, '.json'))
    .filter(isValidName);
}
