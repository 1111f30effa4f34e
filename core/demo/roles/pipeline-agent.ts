import {
  appendLifecycleAudit,
  publishUnsettled,
  readUnsettled,
  recordPartialHandoff,
  writeRegistrySnapshot,
  type PartialHandoff,
} from '../../index.ts';
import type { AgentRuntime } from '../agent-runtime.ts';
import { PIPELINE_ID, REVIEW_PIPELINE_ID, ROOMS, SECOND_PIPELINE_ID } from '../demo-rooms.ts';
import { SOURCE_FILES } from '../phrases.ts';

type Item = Record<string, unknown> & { queued_at_ms: number };

const TRIGGERS = [
  { trigger_id: 'github-push', provider: 'github', kind: 'push' },
  { trigger_id: 'github-pr', provider: 'github', kind: 'pull_request' },
  { trigger_id: 'cron-nightly', provider: 'cron', kind: 'schedule' },
  { trigger_id: 'slack-mention', provider: 'slack', kind: 'app_mention' },
] as const;

const MODELS = ['claude-sonnet-4', 'gpt-4.1', 'claude-haiku-4'] as const;

/**
 * pipeline-runner: drives two pipelines (harn-vm style) and publishes their unsettled work.
 * `nightly-ingest` queues triggers (shaped as the seed's trigger inbox items) and ingests them a
 * few beats later (a lifecycle `event_ingested` entry each), keeps LLM calls in flight and pool
 * tasks pending, and hands partial envelopes to `review-queue`; one webhook stays stuck in its
 * queue for good, so its unsettled work grows old. `docs-sync` has a suspended subagent. It also
 * writes the `fleet` registry snapshot (harn-hostlib's shape) now and then.
 *
 * @example
 * await runPipelineRunner(createAgentRuntime(config));
 */
export async function runPipelineRunner(rt: AgentRuntime): Promise<void> {
  const t0 = Date.now();
  let eventSeq = 0;
  const newTrigger = (now: number): Item => {
    const trigger = rt.rng.pick(TRIGGERS);
    const eventId = `evt_${(++eventSeq).toString().padStart(4, '0')}`;
    const binding = `${trigger.trigger_id}@v${rt.rng.int(1, 4)}`;
    return {
      id: `trigger://${binding}/${eventId}`,
      event_id: eventId,
      trigger_id: trigger.trigger_id,
      binding_key: binding,
      spec_summary: `${trigger.trigger_id}: ${trigger.provider}.${trigger.kind}`,
      queued_at_ms: now,
      source: 'trigger_inbox',
    };
  };
  // The webhook whose handler keeps failing: it never leaves the queue.
  const stuck = { ...newTrigger(t0), stuck_reason: 'handler returned 502 three times' };
  let queued: Item[] = [stuck, newTrigger(t0)];
  let inFlight: Item[] = [];
  let callSeq = 0;
  const envelopes: PartialHandoff[] = [];
  let published = false;

  rt.post(ROOMS.pipeline, {
    kind: 'checkin',
    body: `pipeline-runner online: ${PIPELINE_ID}, ${SECOND_PIPELINE_ID}`,
  });
  publishUnsettled(rt.dir, SECOND_PIPELINE_ID, {
    suspended_subagents: [
      { subagent_id: 'docs-translator', reason: 'waiting for glossary approval', queued_at_ms: t0 },
    ],
    pool_pending_tasks: [{ task_id: 'embed-docs-batch-7', pool: 'embeddings', queued_at_ms: t0 }],
  });

  const publish = (): void => {
    const now = Date.now();
    // Ingest what has waited a beat (never the stuck one), queue new work, rotate LLM calls.
    const [ready, waiting] = partition(
      queued.slice(1),
      (t) => now - t.queued_at_ms >= rt.timing.pipeline_every,
    );
    for (const trigger of ready.slice(0, 2)) {
      appendLifecycleAudit(
        rt.dir,
        'event_ingested',
        { event_id: trigger.event_id, trigger_id: trigger.trigger_id },
        PIPELINE_ID,
      );
    }
    queued = [stuck, ...ready.slice(2), ...waiting];
    if (rt.rng.chance(0.7)) queued.push(newTrigger(now));
    inFlight = inFlight.filter(() => rt.rng.chance(0.5));
    if (inFlight.length < 3) {
      inFlight.push({
        call_id: `llm_${++callSeq}`,
        model: rt.rng.pick(MODELS),
        purpose: rt.rng.pick(['summarise diff', 'classify issue', 'draft release note']),
        queued_at_ms: now,
      });
    }
    const settled = new Set(settledIds(rt));
    const open = envelopes.filter((e) => !settled.has(e.envelope_id));
    publishUnsettled(rt.dir, PIPELINE_ID, {
      queued_triggers: queued,
      in_flight_llm_calls: inFlight,
      pool_pending_tasks: rt.rng.chance(0.5)
        ? [{ task_id: `reindex-${rt.rng.int(1, 40)}`, pool: 'search', queued_at_ms: now }]
        : [],
      suspended_subagents: [],
      // Settled envelopes leave the file at the next publish, as the format allows.
      partial_handoffs: open,
    });
    envelopes.splice(0, envelopes.length, ...open);
    // Republishing is routine: only the first one is worth a line.
    if (!published) {
      published = true;
      rt.report(
        'unsettled_published',
        `${PIPELINE_ID}: ${queued.length} queued, ${inFlight.length} in flight, ${open.length} partial`,
        {
          pipeline_id: PIPELINE_ID,
        },
      );
    }
  };

  const handOff = (): void => {
    const pr = rt.rng.int(100, 999);
    const envelope = recordPartialHandoff(rt.dir, PIPELINE_ID, {
      target_pipeline: REVIEW_PIPELINE_ID,
      payload: {
        pr,
        files: [rt.rng.pick(SOURCE_FILES)],
        summary: `PR #${pr} ingested, needs review triage`,
      },
    });
    envelopes.push(envelope);
    rt.report(
      'partial_handoff',
      `${PIPELINE_ID} -> ${REVIEW_PIPELINE_ID}: ${envelope.envelope_id} (PR #${pr})`,
      {
        pipeline_id: PIPELINE_ID,
        envelope_id: envelope.envelope_id,
      },
    );
    rt.post(ROOMS.pipeline, {
      kind: 'handoff',
      body: `PR #${pr} handed to ${REVIEW_PIPELINE_ID} as ${envelope.envelope_id}`,
    });
  };

  rt.every(() => rt.timing.pipeline_every, publish, 'publish unsettled');
  rt.every(() => rt.timing.partial_every, handOff, 'partial handoff');
  rt.every(
    () => rt.timing.registry_every,
    () => {
      const registry = writeRegistrySnapshot(rt.dir, 'fleet');
      rt.report('registry_snapshot', `registry/fleet.json: ${registry.agents.length} agents`, {
        name: 'fleet',
      });
    },
    'registry snapshot',
  );
}

function settledIds(rt: AgentRuntime): string[] {
  try {
    return readUnsettled(rt.dir, PIPELINE_ID).settled_envelope_ids;
  } catch {
    return [];
  }
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}
