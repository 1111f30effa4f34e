import type { RoomRef } from '../index.ts';

/** The rooms of the demo fleet: one product (`acme-app`) and one pipeline. */
export const ROOMS = {
  /** Claims, requests and replies, facts, decisions, broadcasts. */
  planning: { scope: 'workspace', scope_id: 'acme-app', room: 'planning' },
  /** Run progress and results. */
  builds: { scope: 'workspace', scope_id: 'acme-app', room: 'builds' },
  /** The production deploy slot: who has it, who is blocked. */
  deploys: { scope: 'workspace', scope_id: 'acme-app', room: 'deploys' },
  /** Where handoffs announce themselves and their decisions. */
  handoffs: { scope: 'workspace', scope_id: 'acme-app', room: 'handoffs' },
  /** The ingest pipeline's own log. */
  pipeline: { scope: 'pipeline', scope_id: 'nightly-ingest', room: 'events' },
} as const satisfies Record<string, RoomRef>;

/** The reviewer every demo fleet waits for and who never comes (so the operator has work). */
export const ABSENT_REVIEWER = 'reviewer-human';

/** Another address nobody answers: requests to it stay unanswered. */
export const ABSENT_TEAM = 'security-team';

/** The integration barrier (later rounds add `-2`, `-3`…). */
export const BARRIER_NAME = 'integration-checkpoint';

/** The pipeline publishing unsettled work, and where its partial handoffs go. */
export const PIPELINE_ID = 'nightly-ingest';
export const SECOND_PIPELINE_ID = 'docs-sync';
export const REVIEW_PIPELINE_ID = 'review-queue';
