import {
  acceptHandoff,
  acknowledgePartialHandoff,
  broadcast,
  listHandoffs,
  readUnsettled,
  rooms,
} from '../../index.ts';
import type { AgentRuntime } from '../agent-runtime.ts';
import { PIPELINE_ID, ROOMS } from '../demo-rooms.ts';
import { phrase, replyTo } from '../phrases.ts';
import { askHumans } from './worker-handoffs.ts';

/**
 * One pass over the agent's inbox, as a real agent would poll it: answer the requests addressed
 * to it (a reply in the request's thread), acknowledge the room up to what it read (its consumer
 * cursor), accept handoffs addressed to it, and, for testers, settle an old partial handoff of
 * the ingest pipeline now and then.
 *
 * @example
 * rt.every(() => rt.timing.inbox_every, () => readInbox(rt), 'inbox');
 */
export function readInbox(rt: AgentRuntime): void {
  const box = rooms.inbox(rt.dir, ROOMS.planning, { consumer_id: rt.id });
  for (const message of box.messages) {
    if (rt.stopping) return;
    if (message.kind !== 'request' || message.to !== rt.id || message.from === rt.id) continue;
    rt.reply(ROOMS.planning, message, {
      kind: rt.rng.chance(0.5) ? 'status' : 'fact',
      body: replyTo(rt.rng, message.body),
    });
  }
  if (box.next_cursor > box.from_cursor) rooms.ack(rt.dir, ROOMS.planning, rt.id, box.next_cursor);

  for (const view of listHandoffs(rt.dir, { to: rt.id }).handoffs) {
    if (rt.stopping) return;
    const decided = rt.safely('accept handoff', () =>
      acceptHandoff(rt.dir, view.id, { by: rt.id, note: phrase(rt.rng, 'accept_note') }),
    );
    if (decided) {
      rt.report('handoff_accepted', `accepted ${view.id} from ${view.handoff.from}`, {
        id: view.id,
      });
    }
  }

  if (rt.config.role === 'tester' && rt.rng.chance(0.35)) settleOldPartial(rt);
}

function settleOldPartial(rt: AgentRuntime): void {
  let view;
  try {
    view = readUnsettled(rt.dir, PIPELINE_ID);
  } catch {
    return; // the pipeline has not published yet
  }
  const oldest = [...view.buckets.partial_handoffs]
    .filter((p) => (p.age_ms ?? 0) >= rt.timing.partial_ack_after)
    .sort((a, b) => (a.queued_at_ms ?? 0) - (b.queued_at_ms ?? 0))[0];
  if (!oldest) return;
  const decision = rt.rng.pick([
    'merged into the review batch',
    'requeued for tomorrow',
    'dropped: duplicate',
  ]);
  const settled = rt.safely('acknowledge partial handoff', () =>
    acknowledgePartialHandoff(rt.dir, PIPELINE_ID, oldest.envelope_id, { decision, by: rt.id }),
  );
  if (settled) {
    rt.report('partial_acknowledged', `settled ${PIPELINE_ID}/${oldest.envelope_id}: ${decision}`, {
      pipeline_id: PIPELINE_ID,
      envelope_id: oldest.envelope_id,
    });
  }
}

/**
 * Say something unprompted: mostly status and facts, sometimes a request to a peer, a decision,
 * a broadcast to everyone (`*`), or a question for the humans nobody answers.
 *
 * @example
 * rt.every(() => rt.rng.between(2000, 5000), () => chatter(rt), 'chatter');
 */
export function chatter(rt: AgentRuntime): void {
  const roll = rt.rng.next();
  if (roll < 0.3) {
    rt.post(ROOMS.planning, { kind: 'status', body: phrase(rt.rng, 'status') });
  } else if (roll < 0.45) {
    rt.post(ROOMS.planning, { kind: 'fact', body: phrase(rt.rng, 'fact') });
  } else if (roll < 0.65) {
    const peers = rt.config.workers.filter((w) => w !== rt.id && !rt.id.startsWith(`${w}-r`));
    if (peers.length === 0) return;
    rt.request(ROOMS.planning, rt.rng.pick(peers), { body: phrase(rt.rng, 'request') });
  } else if (roll < 0.75) {
    rt.post(ROOMS.planning, { kind: 'decision', body: phrase(rt.rng, 'decision') });
  } else if (roll < 0.87) {
    const body = phrase(rt.rng, 'broadcast');
    const receipt = broadcast(rt.dir, ROOMS.planning, { from: rt.id, body });
    rt.report('message', `status -> * in ${rooms.formatRoomRef(ROOMS.planning)}: ${body}`, {
      room: rooms.formatRoomRef(ROOMS.planning),
      kind: receipt.message.kind,
      id: receipt.id,
      to: '*',
    });
  } else {
    askHumans(rt, undefined);
  }
}
