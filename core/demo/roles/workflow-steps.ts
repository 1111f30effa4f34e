import type { AgentRuntime } from '../agent-runtime.ts';
import { ROOMS } from '../demo-rooms.ts';
import { BUILD_OUTPUTS, DOC_PAGES, SOURCE_FILES, TEST_SERVICES, phrase } from '../phrases.ts';
import { meetAtBarrier } from './barrier-step.ts';
import { shipToProduction } from './deploy-step.ts';
import { acquireWithRetry } from './lease-retry.ts';
import { askHumans, handOffToPeer } from './worker-handoffs.ts';
import type { WorkContext, WorkflowId } from './work-context.ts';

/** The steps of each workflow, in order. Each is one checkpoint of the durable run. */
export const WORKFLOW_STEPS: Record<WorkflowId, readonly string[]> = {
  build: ['plan', 'edit', 'compile', 'unit-tests', 'integrate', 'ship'],
  test: ['checkout', 'unit', 'e2e', 'integrate', 'report'],
  refactor: ['analyze', 'rewrite', 'typecheck', 'integrate', 'handoff'],
  docs: ['outline', 'draft', 'review', 'publish'],
};

/** A step's output: plain JSON, committed as the step's checkpoint and replayed on resume. */
export type StepOutput = Record<string, string | number | boolean | string[] | null>;

/**
 * Do the work of one step (only called when the step is not already checkpointed): take the
 * leases it needs, say what it does, spend some time, maybe crash halfway, release.
 *
 * @example
 * await run.step('edit', () => performStep(rt, ctx, 'edit'));
 */
export async function performStep(
  rt: AgentRuntime,
  ctx: WorkContext,
  step: string,
): Promise<StepOutput> {
  switch (step) {
    case 'plan':
    case 'analyze':
      return planFiles(rt, ctx, 'claim');
    case 'outline':
      ctx.files = [rt.rng.pick(DOC_PAGES)];
      await work(rt);
      return { files: ctx.files };
    case 'checkout':
      ctx.files = [rt.rng.pick(SOURCE_FILES)];
      rt.post(ROOMS.builds, { kind: 'status', body: `${ctx.run_id}: checked out ${ctx.branch}` });
      await work(rt);
      return { files: ctx.files, branch: ctx.branch };
    case 'edit':
    case 'rewrite':
    case 'draft':
      return editFiles(rt, ctx);
    case 'compile':
      return holdWhileWorking(rt, rt.rng.pick(BUILD_OUTPUTS), `compile for ${ctx.run_id}`);
    case 'unit-tests':
    case 'unit':
    case 'typecheck':
      return runSuite(rt, ctx, step, undefined);
    case 'e2e':
      return runSuite(rt, ctx, step, rt.rng.pick(TEST_SERVICES));
    case 'integrate':
      return meetAtBarrier(rt, ctx);
    case 'ship':
      return shipToProduction(rt, ctx);
    case 'handoff':
      return { handoff: handOffToPeer(rt, ctx) ?? null };
    case 'review':
      askHumans(rt, ctx);
      await work(rt);
      return { review_requested: true };
    case 'report':
    case 'publish':
      rt.post(ROOMS.planning, {
        kind: 'fact',
        body: phrase(rt.rng, 'fact', { file: ctx.files[0] }),
      });
      await work(rt);
      return { published: true };
    default:
      await work(rt);
      return {};
  }
}

/** Spend a step's time, with the planned crash possibly striking halfway. */
async function work(rt: AgentRuntime, factor = 1): Promise<void> {
  const ms = rt.rng.between(rt.timing.step_min, rt.timing.step_max) * factor;
  await rt.sleep(ms / 2);
  rt.maybeCrash();
  await rt.sleep(ms / 2);
}

async function planFiles(rt: AgentRuntime, ctx: WorkContext, kind: 'claim'): Promise<StepOutput> {
  const first = rt.rng.pick(SOURCE_FILES);
  const second = rt.rng.pick(SOURCE_FILES);
  ctx.files = first === second ? [first] : [first, second];
  rt.post(ROOMS.planning, { kind, body: phrase(rt.rng, 'claim', { file: first }) });
  await work(rt, 0.5);
  return { files: ctx.files, branch: ctx.branch };
}

async function editFiles(rt: AgentRuntime, ctx: WorkContext): Promise<StepOutput> {
  const edited: string[] = [];
  const skipped: string[] = [];
  for (const file of ctx.files) {
    if (rt.stopping) break;
    if (await acquireWithRetry(rt, file, `${ctx.run_id}: ${ctx.branch}`)) edited.push(file);
    else skipped.push(file);
  }
  rt.post(ROOMS.planning, {
    kind: 'status',
    body: phrase(rt.rng, 'status', { file: edited[0] ?? ctx.files[0], branch: ctx.branch }),
  });
  // Each edited file counts in the agent's edit_count (the registry shows it).
  for (let i = 0; i < edited.length; i++) rt.safely('note edit', () => rt.noteEdit());
  await work(rt);
  for (const file of edited) rt.release(file);
  return { edited, skipped };
}

async function holdWhileWorking(
  rt: AgentRuntime,
  resource: string,
  reason: string,
): Promise<StepOutput> {
  const held = await acquireWithRetry(rt, resource, reason);
  await work(rt);
  if (held) rt.release(resource);
  return { artifact: resource, size_kb: rt.rng.int(180, 2400), wrote: held };
}

async function runSuite(
  rt: AgentRuntime,
  ctx: WorkContext,
  suite: string,
  service: string | undefined,
): Promise<StepOutput> {
  const held = service ? await acquireWithRetry(rt, service, `${suite} for ${ctx.run_id}`) : false;
  await work(rt);
  if (service && held) rt.release(service);
  const total = rt.rng.int(120, 450);
  // Now and then a suite goes red: the run then finishes as failed (and may be restarted).
  const failed = suite === 'e2e' && rt.rng.chance(0.15) ? rt.rng.int(1, 3) : 0;
  if (failed > 0) {
    ctx.failure = `${suite}: ${failed} of ${total} tests failed (login flow timed out)`;
    rt.post(ROOMS.builds, { kind: 'finding', body: `${ctx.run_id}: ${ctx.failure}` });
  }
  return { suite, passed: total - failed, failed };
}
