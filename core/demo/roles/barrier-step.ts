import { arriveBarrier, waitBarrier } from '../../index.ts';
import type { AgentRuntime } from '../agent-runtime.ts';
import { BARRIER_NAME, ROOMS } from '../demo-rooms.ts';
import { phrase } from '../phrases.ts';
import type { StepOutput } from './workflow-steps.ts';
import type { WorkContext } from './work-context.ts';

/** The last barrier round this process arrived at (each member meets once per window). */
let lastRound = 0;

/**
 * The `integrate` step: the barrier members (three workers) meet at `integration-checkpoint`
 * (one barrier per time window: `-2`, `-3`… later), declare whom they wait for, and wait a while
 * for each other. Complete: the first member posts the merge decision. Timed out (someone
 * crashed, or is busy elsewhere): a `blocker` names who is missing, and the run goes on.
 *
 * @example
 * await run.step('integrate', () => meetAtBarrier(rt, ctx));
 */
export async function meetAtBarrier(rt: AgentRuntime, ctx: WorkContext): Promise<StepOutput> {
  const members = rt.config.barrier_members;
  const round =
    1 + Math.floor((Date.now() - rt.config.demo_started_at_ms) / rt.timing.barrier_window);
  if (!members.includes(rt.id) || round === lastRound) {
    await rt.sleep(rt.timing.step_min);
    return { barrier: null };
  }
  lastRound = round;
  const name = round === 1 ? BARRIER_NAME : `${BARRIER_NAME}-${round}`;
  arriveBarrier(rt.dir, name, rt.id, { note: `${ctx.run_id} on ${ctx.branch} is green` });
  rt.report('barrier_arrived', `arrived at ${name}`, { barrier: name });
  const result = await waitBarrier(rt.dir, name, members, {
    timeout_ms: rt.timing.barrier_wait,
    poll_ms: Math.max(50, Math.round(rt.timing.barrier_wait / 10)),
    // Say whom we wait for: the monitor then names exactly who is missing, and raises the
    // barrier at once when one of them has crashed.
    declare_as: rt.id,
  });
  if (rt.stopping) return { barrier: name, complete: false };
  if (result.status === 'complete') {
    rt.report('barrier_complete', `${name}: all ${members.length} arrived`, { barrier: name });
    if (rt.id === members[0]) {
      rt.post(ROOMS.planning, {
        kind: 'decision',
        body: phrase(rt.rng, 'decision', { branch: ctx.branch }),
      });
    }
    return { barrier: name, complete: true };
  }
  rt.report('barrier_timeout', `${name}: still missing ${result.missing.join(', ')}`, {
    barrier: name,
  });
  rt.post(ROOMS.planning, {
    kind: 'blocker',
    body: phrase(rt.rng, 'blocker', { resource: name, peer: result.missing.join(', ') }),
  });
  return { barrier: name, complete: false, missing: result.missing };
}
