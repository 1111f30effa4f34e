import type { AgentRuntime } from '../agent-runtime.ts';
import { ROOMS } from '../demo-rooms.ts';
import { DEPLOY_SLOT, phrase } from '../phrases.ts';
import type { StepOutput } from './workflow-steps.ts';
import type { WorkContext } from './work-context.ts';

/**
 * Hold `deploy/production`, the slot every builder wants, for a short deploy. A busy slot is a
 * `blocker` in the deploys room (naming the holder and its expiry); the agent waits for it once,
 * then gives up until its next run.
 *
 * @example
 * await run.step('ship', () => shipToProduction(rt, ctx));
 */
export async function shipToProduction(rt: AgentRuntime, ctx: WorkContext): Promise<StepOutput> {
  for (let attempt = 0; attempt < 2 && !rt.stopping; attempt++) {
    const result = rt.safely('acquire', () =>
      rt.acquire(DEPLOY_SLOT, `deploy ${ctx.branch} (${ctx.run_id})`),
    );
    if (!result) break;
    if (result.acquired) {
      await deploy(rt, ctx.branch, ctx.run_id);
      return { deployed: true, slot: DEPLOY_SLOT };
    }
    const expires = result.holder?.expires_at_ms ?? Date.now() + rt.timing.deploy_hold;
    rt.post(ROOMS.deploys, {
      kind: 'blocker',
      body: phrase(rt.rng, 'blocker', {
        resource: DEPLOY_SLOT,
        holder: result.holder?.owner.id ?? 'someone',
        seconds: Math.max(0, Math.ceil((expires - Date.now()) / 1000)),
      }),
    });
    await rt.sleep(Math.min(Math.max(expires - Date.now() + 50, 50), rt.timing.lease_ttl));
  }
  rt.post(ROOMS.deploys, {
    kind: 'status',
    body: `${ctx.run_id}: deploy slot still busy, will ship with my next run`,
  });
  return { deployed: false, slot: DEPLOY_SLOT };
}

/**
 * Deploy while holding the slot: announce, wait, maybe crash mid-deploy, release.
 *
 * @example
 * if (rt.acquire(DEPLOY_SLOT, 'smoke').acquired) await deploy(rt, 'main', 'smoke');
 */
export async function deploy(rt: AgentRuntime, branch: string, what: string): Promise<void> {
  rt.post(ROOMS.deploys, { kind: 'status', body: `deploying ${branch} (${what}) to production` });
  await rt.sleep(rt.timing.deploy_hold / 2);
  rt.maybeCrash();
  await rt.sleep(rt.timing.deploy_hold / 2);
  rt.release(DEPLOY_SLOT);
  rt.post(ROOMS.deploys, {
    kind: 'done',
    body: `${branch} is live; error rate flat at ${rt.rng.int(1, 9) / 10}% after ${rt.rng.int(2, 6)} min`,
  });
}
