import type { RunView } from '../../api/views.ts';
import {
  attentionKey,
  formatTime,
  type AttentionContext,
  type RuleResult,
} from './attention-context.ts';

/**
 * `orphaned_run`: a run that is not finished but whose lease is stale or gone, so no worker is
 * driving it. It is resumable: the next start takes the lease and continues at attempt + 1 from
 * its committed checkpoints. Advice only: resuming is the fleet's job, not the monitor's. This
 * item also stands for the run's stale lease (lease-rules raises no separate "release it" item
 * for a resumable run's lease), so its advice says the lease needs no release by hand.
 *
 * @example
 * runAttention(view, ctx).items[0]?.kind; // 'orphaned_run'
 */
export function runAttention(run: RunView, ctx: AttentionContext): RuleResult {
  if (!run.orphaned) return { items: [] };
  const since = run.lease_expires_at_ms ?? run.updated_at_ms ?? ctx.now;
  return {
    items: [
      {
        key: attentionKey('orphaned_run', 'run', run.key),
        kind: 'orphaned_run',
        severity: 'warning',
        title: `Run ${run.run_id} is ${run.status ?? 'unfinished'} but nobody holds its lease`,
        since_ms: Math.min(since, ctx.now),
        subject: { entity: 'run', key: run.key },
        evidence: [
          { label: 'status', value: run.status ?? 'unknown' },
          { label: 'attempt', value: String(run.attempt ?? '?') },
          { label: 'worker', value: run.worker_id ?? 'unknown' },
          {
            label: 'lease',
            value: `runs/${run.run_id} (${run.lease_state}; the next worker ${run.lease_state === 'absent' ? 'acquires it' : 'takes it over'})`,
          },
          ...(run.lease_expires_at_ms !== undefined
            ? [{ label: 'lease expired at', value: formatTime(run.lease_expires_at_ms) }]
            : []),
          {
            label: 'checkpoints',
            value: `${run.checkpoint_count}${run.last_step_id ? ` (last step ${run.last_step_id})` : ''}`,
          },
        ],
        advice: `Nothing to do by hand: the next worker that starts run ${run.run_id} (same run id) takes over its ${run.lease_state === 'absent' ? 'missing' : run.lease_state} lease itself and resumes at attempt ${(run.attempt ?? 0) + 1}, replaying its ${run.checkpoint_count} committed checkpoint${run.checkpoint_count === 1 ? '' : 's'}. Do not release the run's lease: that is not needed and resumes nothing. If no worker will start it again, finish it as cancelled.`,
      },
    ],
  };
}
