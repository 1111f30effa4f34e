import { BatonError, listRuns, startRun, type RunHandle, type RunView } from '../../index.ts';
import { clip, describe, type AgentRuntime } from '../agent-runtime.ts';
import { ROOMS } from '../demo-rooms.ts';
import { DEPLOY_SLOT, pickBranch } from '../phrases.ts';
import { deploy } from './deploy-step.ts';
import { askHumans, handOffToPeer, handOffToReviewer } from './worker-handoffs.ts';
import { chatter, readInbox } from './worker-social.ts';
import { WORKFLOW_STEPS, performStep } from './workflow-steps.ts';
import { isWorkflowId, workflowOf, type WorkContext, type WorkflowId } from './work-context.ts';

/**
 * A worker agent (builder, tester, refactorer, docs): holds its worktree lease for life, talks
 * in the rooms, reads its inbox, and runs one durable run after another, adopting orphaned runs
 * of crashed agents first (they resume at attempt + 1 with their checkpoints replayed).
 *
 * @example
 * await runWorker(createAgentRuntime(config));
 */
export async function runWorker(rt: AgentRuntime): Promise<void> {
  const worktree = `worktrees/${rt.id}`;
  rt.safely('worktree lease', () => rt.acquire(worktree, 'private git worktree'));
  rt.post(ROOMS.planning, {
    kind: 'checkin',
    body: `${rt.id} online (${rt.config.role}); working in ${worktree}`,
  });
  await openingMoves(rt);
  rt.every(
    () => rt.timing.inbox_every,
    () => readInbox(rt),
    'inbox',
  );
  rt.every(
    () => rt.rng.between(rt.timing.chatter_min, rt.timing.chatter_max),
    () => chatter(rt),
    'chatter',
  );

  let ordinal = 0;
  while (!rt.stopping) {
    const orphan = rt.safely('look for orphaned runs', () => adoptableRun(rt));
    if (orphan) await adopt(rt, orphan);
    else await runOwn(rt, ++ordinal);
    await rt.sleep(rt.rng.between(rt.timing.idle_min, rt.timing.idle_max));
  }
}

/**
 * The first seconds of a fresh demo, so a new user sees a living fleet at once: the first
 * worker asks the absent reviewer for a sign-off and takes the deploy slot for a smoke deploy;
 * the second wants the slot a moment later and posts a blocker; both ask the humans something.
 */
async function openingMoves(rt: AgentRuntime): Promise<void> {
  if (rt.config.generation !== 0) return;
  if (rt.config.slot === 0) {
    const ctx: WorkContext = {
      run_id: 'release-train',
      workflow: 'build',
      branch: 'release/2025.06',
      files: ['dist/app.js'],
    };
    rt.safely('handoff', () => handOffToReviewer(rt, ctx));
    openingDeploy(rt, 'main', 'smoke deploy');
    askHumans(rt, ctx);
  } else if (rt.config.slot === 1) {
    await rt.sleep(rt.timing.idle_min);
    openingDeploy(rt, 'fix/session-expiry', 'hotfix');
  }
}

/** Take the deploy slot for a quick deploy (in the background), or say who blocks it. */
function openingDeploy(rt: AgentRuntime, branch: string, what: string): void {
  const slot = rt.safely('deploy slot', () => rt.acquire(DEPLOY_SLOT, `${what} of ${branch}`));
  if (slot?.acquired) {
    void deploy(rt, branch, what).catch(() => {});
  } else if (slot) {
    rt.post(ROOMS.deploys, {
      kind: 'blocker',
      body: `blocked: ${DEPLOY_SLOT} is held by ${slot.holder?.owner.id ?? 'someone'}, the ${what} waits`,
    });
  }
}

/** A run nobody drives whose lease expired a while ago, with a workflow this demo knows. */
function adoptableRun(rt: AgentRuntime): RunView | undefined {
  const now = Date.now();
  return listRuns(rt.dir, { now })
    .runs.filter((run) => {
      if (!run.orphaned || !run.record || !isWorkflowId(run.record.workflow_id)) return false;
      const expired = run.lease.record?.expires_at_ms ?? run.record.updated_at_ms;
      return now - expired >= rt.timing.adopt_after;
    })
    .sort((a, b) => (a.run_id < b.run_id ? -1 : 1))[0];
}

async function adopt(rt: AgentRuntime, orphan: RunView): Promise<void> {
  const record = orphan.record;
  if (!record || !isWorkflowId(record.workflow_id)) return;
  const handle = start(rt, orphan.run_id, record.workflow_id, undefined);
  if (!handle) return;
  const input = record.input as { branch?: unknown } | undefined;
  const branch = typeof input?.branch === 'string' ? input.branch : pickBranch(rt.rng);
  rt.post(ROOMS.builds, {
    kind: 'claim',
    body: `resuming ${orphan.run_id} (was ${record.worker_id}'s) at attempt ${handle.attempt}, ${handle.checkpoints.length} step(s) replayed`,
  });
  await drive(rt, handle, record.workflow_id, branch);
}

async function runOwn(rt: AgentRuntime, ordinal: number): Promise<void> {
  const workflow = workflowOf(rt.config.role);
  // Run ids read like CI job numbers: slot, generation and ordinal keep them distinct.
  const runId = `${workflow}-${(rt.config.slot + 1) * 1000 + rt.config.generation * 100 + ordinal}`;
  const branch = pickBranch(rt.rng);
  const handle = start(rt, runId, workflow, { branch, requested_by: rt.id });
  if (!handle) return;
  await drive(rt, handle, workflow, branch);
}

function start(
  rt: AgentRuntime,
  runId: string,
  workflow: WorkflowId,
  input: { branch: string; requested_by: string } | undefined,
): RunHandle | undefined {
  try {
    const handle = startRun(rt.dir, runId, {
      worker_id: rt.id,
      lease_ttl_ms: rt.timing.lease_ttl,
      renew_every_ms: rt.timing.renew_every,
      workflow_id: workflow,
      session_id: 'acme-app',
      ...(input ? { input } : {}),
    });
    if (handle.resumed) {
      const from = handle.took_over_from?.owner.id ?? 'a crashed worker';
      rt.report(
        'run_resumed',
        `resumed ${runId} at attempt ${handle.attempt} (from ${from}, ${handle.checkpoints.length} checkpoint(s) replayed)`,
        {
          run_id: runId,
          attempt: handle.attempt,
        },
      );
    } else {
      rt.report('run_started', `started ${runId} (${workflow})`, { run_id: runId, attempt: 1 });
    }
    return handle;
  } catch (error) {
    // Someone else got there first (conflict), or an old demo in this directory finished it.
    if (
      error instanceof BatonError &&
      (error.code === 'conflict' || error.code === 'terminal_run')
    ) {
      return undefined;
    }
    throw error;
  }
}

async function drive(
  rt: AgentRuntime,
  run: RunHandle,
  workflow: WorkflowId,
  branch: string,
): Promise<void> {
  const ctx: WorkContext = { run_id: run.run_id, workflow, branch, files: [] };
  rt.setRun(run);
  rt.setCurrent({ run_id: run.run_id, task: `${workflow} ${branch}` });
  rt.heartbeatNow();
  rt.post(ROOMS.builds, {
    kind: 'status',
    body: `${run.run_id}: ${workflow} of ${branch} (attempt ${run.attempt})`,
  });
  try {
    for (const step of WORKFLOW_STEPS[workflow]) {
      if (rt.stopping) return;
      const replayed = run.checkpoints.some((c) => c.step_id === step);
      const output = await run.step(step, () => performStep(rt, ctx, step));
      if (rt.stopping) return;
      absorb(ctx, output);
      rt.report('run_step', `${run.run_id}: ${replayed ? 'replayed' : 'done'} ${step}`, {
        run_id: run.run_id,
        step,
        replayed,
      });
    }
    finish(rt, run, ctx);
  } catch (error) {
    if (rt.stopping) return;
    rt.report('run_abandoned', `${run.run_id}: ${describe(error)}`, { run_id: run.run_id });
    rt.safely('dispose run', () => run.dispose());
  } finally {
    if (!rt.stopping) {
      rt.setRun(undefined);
      rt.setCurrent({});
    }
  }
}

function finish(rt: AgentRuntime, run: RunHandle, ctx: WorkContext): void {
  if (ctx.failure) {
    run.finish('failed', { error: new Error(ctx.failure) });
    rt.report('run_finished', `${run.run_id} failed: ${clip(ctx.failure, 60)}`, {
      run_id: run.run_id,
      status: 'failed',
    });
    return;
  }
  run.finish('succeeded', { output: { branch: ctx.branch, files: ctx.files } });
  rt.report('run_finished', `${run.run_id} succeeded`, { run_id: run.run_id, status: 'succeeded' });
  rt.post(ROOMS.builds, {
    kind: 'done',
    body: `${run.run_id}: ${ctx.workflow} of ${ctx.branch} succeeded (attempt ${run.attempt})`,
  });
  if (ctx.workflow === 'build') rt.safely('handoff', () => handOffToReviewer(rt, ctx));
  else if (ctx.workflow !== 'refactor' && rt.rng.chance(0.4))
    rt.safely('handoff', () => handOffToPeer(rt, ctx));
}

/** Fold a step's output (fresh or replayed) into the run's context. */
function absorb(ctx: WorkContext, output: unknown): void {
  if (output === null || typeof output !== 'object') return;
  const { files, branch } = output as { files?: unknown; branch?: unknown };
  if (Array.isArray(files) && files.every((f) => typeof f === 'string')) ctx.files = files;
  if (typeof branch === 'string') ctx.branch = branch;
}
