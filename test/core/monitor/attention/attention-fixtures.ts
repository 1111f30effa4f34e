// Views and a context for the attention rules' tests: one stale lease of a1, a crashed a1.
import type { AgentView, AttentionItem, LeaseView, RunView } from '../../../../core/api/views.ts';
import { AttentionItemSchema } from '../../../../core/api/views.ts';
import type { AttentionContext } from '../../../../core/monitor/attention/attention-context.ts';
import { createObservedMemo } from '../../../../core/monitor/attention/first-observed.ts';
import { resolveThresholds } from '../../../../core/monitor/attention/thresholds.ts';

export const NOW = 1_700_000_000_000;

/** The rules' context at `now` (default {@link NOW}) over the given views. */
export function context(
  parts: { agents?: AgentView[]; runs?: RunView[]; leases?: LeaseView[] } = {},
  now = NOW,
): AttentionContext {
  return {
    now,
    thresholds: resolveThresholds({ request_unanswered_ms: 60_000 }),
    agent: (id) => parts.agents?.find((a) => a.id === id),
    run: (id) => parts.runs?.find((r) => r.run_id === id),
    leasesHeldBy: (id) => (parts.leases ?? []).filter((l) => l.holder === id),
    observed: createObservedMemo(),
    activeAgents: () =>
      (parts.agents ?? []).filter((a) => a.liveness === 'active').map((a) => a.id),
  };
}

/** A stale lease of src/a.ts held by a1 (expired 30 s before NOW). */
export function lease(over: Partial<LeaseView> = {}): LeaseView {
  return {
    key: 'locks/src/a.ts.lock.d',
    resource_path: 'src/a.ts',
    lock_path: 'locks/src/a.ts.lock.d',
    state: 'stale',
    holder: 'a1',
    holder_liveness: 'active',
    record: {
      schema: 'harn.coordination.dir_lock.v1',
      resource_path: 'src/a.ts',
      lock_path: '/c/locks/src/a.ts.lock.d',
      record_path: '/c/locks/src/a.ts.lock.d/owner.json',
      token: 'tok-1',
      owner: { id: 'a1', agent: 'a1', host: 'h1' },
      refs: [],
      acquired_at_ms: NOW - 60_000,
      updated_at_ms: NOW - 60_000,
      ttl_ms: 30_000,
      expires_at_ms: NOW - 30_000,
    },
    ...over,
  };
}

/** Agent a1, crashed, holding src/a.ts. */
export function agent(over: Partial<AgentView> = {}): AgentView {
  return {
    key: 'a1',
    id: 'a1',
    name: 'a1',
    liveness: 'crashed',
    last_seen_ms: NOW - 120_000,
    timeout_ms: 45_000,
    held_leases: ['src/a.ts'],
    held_paths: {},
    ...over,
  };
}

/** The items, each checked against the contract's schema. */
export function valid(items: AttentionItem[]): AttentionItem[] {
  for (const item of items) AttentionItemSchema.parse(item);
  return items;
}
