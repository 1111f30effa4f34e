import type { AgentView, AttentionItem } from '../../api/views.ts';
import {
  attentionKey,
  formatTime,
  nextAfter,
  type AttentionContext,
  type RuleResult,
} from './attention-context.ts';

/**
 * Attention raised by one agent: `crashed_agent_holding` (crashed or gone but its owner records
 * still hold leases, which nobody will renew or release) and `clock_skew` (a heartbeat from the
 * future of this machine's clock).
 *
 * @example
 * agentAttention(view, ctx).items.map((i) => i.kind); // ['crashed_agent_holding']
 */
export function agentAttention(agent: AgentView, ctx: AttentionContext): RuleResult {
  const items: AttentionItem[] = [];
  const subject = { entity: 'agent' as const, key: agent.key };
  let next: number | undefined;
  if ((agent.liveness === 'crashed' || agent.liveness === 'gone') && agent.held_leases.length > 0) {
    const leases = ctx.leasesHeldBy(agent.id);
    const since =
      agent.last_seen_ms !== undefined && agent.timeout_ms !== undefined
        ? Math.min(ctx.now, agent.last_seen_ms + agent.timeout_ms)
        : ctx.now;
    const only = leases.length === 1 ? leases[0] : undefined;
    items.push({
      key: attentionKey('crashed_agent_holding', 'agent', agent.key),
      kind: 'crashed_agent_holding',
      severity: 'critical',
      title: `${agent.liveness === 'gone' ? 'Departed' : 'Crashed'} agent ${agent.id} still holds ${agent.held_leases.length} lease${agent.held_leases.length === 1 ? '' : 's'}`,
      since_ms: since,
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
  if (agent.last_seen_ms !== undefined && agent.liveness !== 'gone') {
    const skewAt = agent.last_seen_ms - ctx.thresholds.clock_skew_ms;
    if (skewAt > ctx.now) {
      items.push({
        key: attentionKey('clock_skew', 'agent', agent.key),
        kind: 'clock_skew',
        severity: 'warning',
        title: `Agent ${agent.id} heartbeats from the future`,
        since_ms: ctx.now,
        subject,
        evidence: [
          { label: 'last seen at', value: formatTime(agent.last_seen_ms) },
          { label: 'host', value: agent.host ?? 'unknown' },
        ],
        advice: `The clock of ${agent.host ?? 'its host'} is ahead of this machine's by more than ${Math.round(ctx.thresholds.clock_skew_ms / 1000)} s: liveness and expiry times from it cannot be trusted. Check NTP on both hosts.`,
      });
      next = nextAfter(ctx.now, skewAt);
    }
  }
  return next === undefined ? { items } : { items, next_ms: next };
}
