import { createHandoff, listAgents, listHandoffs } from '../../index.ts';
import type { AgentRuntime } from '../agent-runtime.ts';
import { ABSENT_REVIEWER, ABSENT_TEAM, ROOMS } from '../demo-rooms.ts';
import { phrase } from '../phrases.ts';
import type { WorkContext } from './work-context.ts';

/** When this process last asked a human (they never answer; asking once in a while is enough). */
let lastHumanAsk = 0;

/**
 * True for the ids of the fleet's workers, restarted ones (`builder-2-r1`) included.
 *
 * @example
 * isWorkerId(rt, 'tester-1-r1'); // true when tester-1 is a worker
 */
export function isWorkerId(rt: AgentRuntime, id: string): boolean {
  return rt.config.workers.some((w) => id === w || id.startsWith(`${w}-r`));
}

/**
 * Hand the run's result to a live peer (a tester when there is one); the peer accepts it from
 * its inbox loop. Returns the handoff id, or undefined when nobody else is active.
 *
 * @example
 * handOffToPeer(rt, ctx); // 'handoff-20250101T…-1a2b3c4d'
 */
export function handOffToPeer(rt: AgentRuntime, ctx: WorkContext): string | undefined {
  const active = listAgents(rt.dir)
    .agents.filter((a) => a.liveness === 'active' && a.id !== rt.id && isWorkerId(rt, a.id))
    .map((a) => a.id)
    .sort();
  if (active.length === 0) return undefined;
  const testers = active.filter((id) => id.startsWith('tester'));
  const to = rt.rng.pick(testers.length > 0 ? testers : active);
  const artifact = ctx.files[0] ?? 'dist/app.js';
  const created = createHandoff(rt.dir, {
    from: rt.id,
    to,
    message: phrase(rt.rng, 'handoff_peer', { run: ctx.run_id, file: artifact }),
    artifact,
    run_id: ctx.run_id,
    room: ROOMS.handoffs,
    deadline_ms: Date.now() + 2 * rt.timing.handoff_deadline,
  });
  rt.report('handoff_created', `handed ${artifact} to ${to} (${created.id})`, {
    id: created.id,
    to,
  });
  return created.id;
}

/**
 * Ask the human reviewer, who never comes, to sign off: a pending handoff with a short deadline
 * (it goes overdue, so the operator has something to decide). At most one of this agent's is
 * pending at a time, so the queue grows slowly.
 *
 * @example
 * handOffToReviewer(rt, ctx);
 */
export function handOffToReviewer(rt: AgentRuntime, ctx: WorkContext): string | undefined {
  const pending = listHandoffs(rt.dir, { to: ABSENT_REVIEWER, from: rt.id }).handoffs;
  if (pending.length > 0) return undefined;
  const created = createHandoff(rt.dir, {
    from: rt.id,
    to: ABSENT_REVIEWER,
    message: phrase(rt.rng, 'handoff_review', { run: ctx.run_id, branch: ctx.branch }),
    artifact: ctx.files[0] ?? 'dist/app.js',
    run_id: ctx.run_id,
    room: ROOMS.handoffs,
    deadline_ms: Date.now() + rt.timing.handoff_deadline,
  });
  rt.report('handoff_created', `asked ${ABSENT_REVIEWER} to review ${ctx.run_id} (${created.id})`, {
    id: created.id,
    to: ABSENT_REVIEWER,
  });
  return created.id;
}

/**
 * Send a request to a human address nobody answers (the reviewer or the security team): it
 * stays unanswered, which the monitor flags. Rate-limited per agent.
 *
 * @example
 * askHumans(rt, ctx);
 */
export function askHumans(rt: AgentRuntime, ctx: WorkContext | undefined): void {
  const now = Date.now();
  if (lastHumanAsk !== 0 && now - lastHumanAsk < 3 * rt.timing.handoff_deadline) return;
  lastHumanAsk = now;
  const to = rt.rng.chance(0.5) ? ABSENT_REVIEWER : ABSENT_TEAM;
  rt.request(ROOMS.planning, to, {
    body: phrase(rt.rng, 'human_request', {
      ...(ctx ? { branch: ctx.branch } : {}),
      ...(ctx?.files[0] ? { file: ctx.files[0] } : {}),
    }),
  });
}
