import type { AgentView, AttentionItem } from '../../api/views.ts';
import {
  attentionKey,
  formatTime,
  nextAfter,
  type AttentionContext,
  type RuleResult,
} from './attention-context.ts';
import { crashedSinceMs } from '../entities/agent-entity.ts';
import { resumableRunOf } from './resumable-run-lease.ts';

/**
 * Attention raised by one agent: `crashed_agent_holding` (crashed or gone but its owner records
 * still hold leases, which nobody will renew or release; counted from its last sign of life)
 * and `clock_skew` (a heartbeat from the future of this machine's clock; counted from when the
 * engine first saw it). An agent whose record cannot be read raises neither.
 *
 * @example
 * agentAttention(view, ctx).items.map((i) => i.kind); // ['crashed_agent_holding']
 */
export function agentAttention(agent: AgentView, ctx: AttentionContext): RuleResult {
  const items: AttentionItem[] = [];
  const subject = { entity: 'agent' as const, key: agent.key };
  let next: number | undefined;
  // An unreadable record is not a crash (the diagnostic item names the file; its leases raise
  // their own items when stale): no "crashed agent" item, and no "mark gone" (it is refused).
  const down = agent.liveness === 'crashed' || agent.liveness === 'gone';
  const since = crashedSinceMs(agent);
  if (down && since !== undefined && agent.held_leases.length > 0) {
    // A resumable run's own lease is no release to recommend: the next worker takes it over.
    const leases = ctx.leasesHeldBy(agent.id).filter((l) => !resumableRunOf(l, ctx));
    const only = leases.length === 1 ? leases[0] : undefined;
    items.push({
      key: attentionKey('crashed_agent_holding', 'agent', agent.key),
      kind: 'crashed_agent_holding',
      severity: 'critical',
      title: `${agent.liveness === 'gone' ? 'Departed' : 'Crashed'} agent ${agent.id} still holds ${agent.held_leases.length} lease${agent.held_leases.length === 1 ? '' : 's'}`,
      // Since its last sign of life: the same instant whether a dead pid or the heartbeat
      // timeout said crashed first, so the item's age never jumps.
      since_ms: Math.min(since, ctx.now),
      subject,
      evidence: [
        { label: 'liveness', value: agent.liveness },
        {
          label: 'last seen at',
          value: agent.last_seen_ms !== undefined ? formatTime(agent.last_seen_ms) : 'never',
        },
        { label: 'host / pid', value: `${agent.host ?? '?'} / ${agent.pid ?? '?'}` },
        { label: 'leases', value: agent.held_leases.join(', ') },
      ],
      action:
        agent.liveness === 'crashed'
          ? {
              request: 'markAgentGone',
              label: `Mark ${agent.id} gone`,
              input: {
                agent_id: agent.id,
                ...(agent.last_seen_ms !== undefined
                  ? { expected_last_seen_ms: agent.last_seen_ms }
                  : {}),
              },
              needs_reason: true,
            }
          : only?.record
            ? {
                request: 'releaseLease',
                label: `Release ${only.resource_path}`,
                input: {
                  resource_path: only.key,
                  expected_token: only.record.token,
                  force: only.state === 'active' || only.state === 'suspect-skew',
                },
                needs_reason: only.state === 'active' || only.state === 'suspect-skew',
              }
            : undefined,
      advice:
        'Its leases block other agents until they expire or are released. Release them (each one is checked against the token shown), or mark the agent gone so everyone knows it will not return.',
    });
  }
  const skewKey = attentionKey('clock_skew', 'agent', agent.key);
  const seen = agent.liveness !== 'gone' ? agent.last_seen_ms : undefined;
  const skewAt = seen !== undefined ? seen - ctx.thresholds.clock_skew_ms : undefined;
  if (seen !== undefined && skewAt !== undefined && skewAt > ctx.now) {
    items.push({
      key: skewKey,
      kind: 'clock_skew',
      severity: 'warning',
      title: `Agent ${agent.id} heartbeats from the future`,
      // Each heartbeat rewrites last_seen_ms (still ahead), so no record time says since
      // when: count from when this engine first saw it ahead, not from this evaluation.
      since_ms: ctx.observed.since(skewKey, ctx.now),
      subject,
      evidence: [
        { label: 'last seen at', value: formatTime(seen) },
        { label: 'host', value: agent.host ?? 'unknown' },
      ],
      advice: `The clock of ${agent.host ?? 'its host'} is ahead of this machine's by more than ${Math.round(ctx.thresholds.clock_skew_ms / 1000)} s: liveness and expiry times from it cannot be trusted. Check NTP on both hosts.`,
    });
    next = nextAfter(ctx.now, skewAt);
  } else {
    ctx.observed.forget(skewKey);
  }
  return next === undefined ? { items } : { items, next_ms: next };
}
