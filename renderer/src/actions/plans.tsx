import type { ActionResult } from '../../../core/api/contract.ts';
import {
  HandoffViewSchema,
  LeaseViewSchema,
  type AgentView,
  type AttentionItem,
  type Change,
  type EntityKind,
  type HandoffView,
  type LeaseView,
  type UnsettledView,
} from '../../../core/api/views.ts';
import { HandoffDeadline } from '../components/handoff-deadline.tsx';
import { Countdown } from '../components/relative-time.tsx';
import { formatTimestamp, localizeInstants } from '../format/duration.ts';
import { isLeaseStale, leaseDisplay } from '../state/display-state.ts';
import type { EntityMaps } from '../state/entities.ts';
import { leaseHolder } from '../state/selectors.ts';
import { StatusPill } from '../components/status-pill.tsx';
import type { ActionPlan, Facts } from './action-plan.ts';
import {
  agentChange,
  handoffChange,
  leaseChange,
  partialHandoffChange,
  pendingRequestChange,
} from './subject-change.ts';

/** 'now': the live record while confirming; 'before': the record as it was, beside an outcome. */
type When = 'now' | 'before';

function ownerText(lease: LeaseView): string {
  const owner = lease.record?.owner;
  if (!owner) return leaseHolder(lease) || '—';
  const who =
    owner.agent && owner.agent !== owner.id ? `${owner.id} (agent ${owner.agent})` : owner.id;
  const where =
    owner.pid !== undefined ? ` · pid ${owner.pid}${owner.host ? `@${owner.host}` : ''}` : '';
  return who + where;
}

/** A refusal's `current`, when it is a lease view, becomes the row (or removes it if gone). */
function leaseFromCurrent(key: string, current: unknown): readonly Change[] {
  const parsed = LeaseViewSchema.safeParse(current);
  if (parsed.success)
    return [{ op: 'upsert', entity: 'lease', key: parsed.data.key, value: parsed.data }];
  return current === null ? [{ op: 'remove', entity: 'lease', key }] : [];
}

function withoutAttentionFor(entities: EntityMaps, entity: EntityKind, key: string): Change[] {
  const changes: Change[] = [];
  for (const item of entities.attention.values()) {
    if (item.subject.entity === entity && item.subject.key === key) {
      changes.push({ op: 'remove', entity: 'attention', key: item.key });
    }
  }
  return changes;
}

function leaseFacts(lease: LeaseView, nowMs: number, when: When): Facts {
  const record = lease.record;
  return [
    ['Resource', <span className="mono">{lease.resource_path}</span>],
    ['Lock directory', <span className="mono">{lease.lock_path}</span>],
    [when === 'now' ? 'State now' : 'State', <StatusPill state={leaseDisplay(lease, nowMs)} />],
    [
      'Token',
      record ? (
        <span className="mono">{record.token}</span>
      ) : (
        <span className="dim">none (no owner record)</span>
      ),
    ],
    ['Owner', ownerText(lease)],
    ...(record
      ? ([
          ['Acquired', formatTimestamp(record.acquired_at_ms)],
          [
            'Expiry',
            when === 'now' ? (
              <>
                <Countdown targetMs={record.expires_at_ms} />{' '}
                <span className="dim">({formatTimestamp(record.expires_at_ms)})</span>
              </>
            ) : (
              formatTimestamp(record.expires_at_ms)
            ),
          ],
          ['Renewals', String(record.renewals ?? 0)],
        ] as const)
      : []),
    ...(lease.problem ? ([['Problem', lease.problem]] as const) : []),
  ];
}

/**
 * Release one lease, compare-and-swap on the token shown. Stale: a reason is optional. Still
 * active, or without a usable owner record: it is a forced release, and a reason is required (it
 * lands in the audit and in the message to the holder).
 */
export function releaseLeasePlan(
  lease: LeaseView,
  nowMs: number,
  entities: EntityMaps,
): ActionPlan {
  const record = lease.record;
  const stale = isLeaseStale(lease, nowMs);
  const hasRecord = record !== undefined;
  const force = hasRecord ? !stale : true;
  const holder = leaseHolder(lease);
  return {
    title: force
      ? `Force-release ${lease.resource_path}`
      : `Release stale lease ${lease.resource_path}`,
    request: 'releaseLease',
    input: {
      resource_path: lease.resource_path,
      ...(record ? { expected_token: record.token } : {}),
      force,
    },
    facts: leaseFacts(lease, nowMs, 'now'),
    follow: (now, atMs, when) => {
      const current = now.lease.get(lease.key);
      const changed = leaseChange(lease, current, atMs);
      return { facts: leaseFacts(current ?? lease, atMs, when), ...(changed ? { changed } : {}) };
    },
    effect: record
      ? `Removes ${lease.lock_path} only if it still holds token ${record.token.slice(0, 12)}…; if another token holds it now, nothing is removed and you see who does. ${holder ? `${holder} is told by a message addressed to it.` : ''}`
      : `Removes ${lease.lock_path}, which has no valid owner record, by path. ${holder ? `${holder} is told.` : ''}`,
    text: {
      field: 'reason',
      label: !force
        ? 'Reason (optional)'
        : hasRecord
          ? 'Reason (required: this lease is not stale)'
          : 'Reason (required: this lock has no valid owner record)',
      required: force,
      placeholder: !force
        ? 'e.g. holder crashed, lock left behind'
        : hasRecord
          ? 'Why take it from its holder?'
          : 'e.g. left behind by a crashed acquire',
    },
    confirmLabel: force ? 'Force-release' : 'Release',
    danger: force,
    onOk: (_result, now) => [
      // Only the lease released: if the engine already shows another token there (re-taken at
      // once), that lease is real and stays.
      ...(now.lease.get(lease.key)?.record?.token === record?.token
        ? ([{ op: 'remove', entity: 'lease', key: lease.key }] as const)
        : []),
      ...withoutAttentionFor(entities, 'lease', lease.key),
    ],
    onRefused: (result) => leaseFromCurrent(lease.key, result.current),
  };
}

function handoffFromCurrent(current: unknown): readonly Change[] {
  const parsed = HandoffViewSchema.safeParse(current);
  return parsed.success
    ? [{ op: 'upsert', entity: 'handoff', key: parsed.data.key, value: parsed.data }]
    : [];
}

/**
 * The local changes for a decided handoff: on success the row shows the decision at once (the
 * engine's delta confirms it) and its attention items go; on refusal the row becomes `current`.
 * Accept and decline differ only in the decision word. The engine's record always wins: the
 * engine sends its delta before the reply, so when the store no longer shows the handoff pending
 * its real decision (with note or reason) is already there and the stand-in is not written.
 */
function handoffDecidedChanges(
  handoff: HandoffView,
  decision: 'accepted' | 'declined',
  operator: string,
  entities: EntityMaps,
): Pick<ActionPlan, 'onOk' | 'onRefused'> {
  return {
    onOk: (result, now) => [
      ...(now.handoff.get(handoff.key)?.state === 'pending'
        ? ([
            {
              op: 'upsert',
              entity: 'handoff',
              key: handoff.key,
              value: {
                ...handoff,
                state: decision,
                decision: {
                  decision,
                  by: result.audit.operator || operator,
                  at_ms: result.audit.ts_ms,
                },
              },
            },
          ] as const)
        : []),
      ...withoutAttentionFor(entities, 'handoff', handoff.key),
    ],
    onRefused: (result) => handoffFromCurrent(result.current),
  };
}

function handoffFacts(handoff: HandoffView, when: When): Facts {
  const decision = handoff.decision;
  return [
    ['Handoff', <span className="mono">{handoff.id}</span>],
    ['From → to', `${handoff.from} → ${handoff.to}`],
    [
      'Artifact',
      handoff.artifact ? (
        <span className="mono">{handoff.artifact}</span>
      ) : (
        <span className="dim">none</span>
      ),
    ],
    ['Message', handoff.message],
    ['Created', formatTimestamp(handoff.created_at_ms)],
    [
      'Deadline',
      when === 'now' || handoff.deadline_ms === undefined ? (
        <HandoffDeadline handoff={handoff} />
      ) : (
        formatTimestamp(handoff.deadline_ms)
      ),
    ],
    ...(decision ? ([['Decision', decisionText(decision)]] as const) : []),
  ];
}

/** "accepted by bob: on it now": the decision with the words its maker gave, if any. */
export function decisionText(decision: NonNullable<HandoffView['decision']>): string {
  const words = decision.note ?? decision.reason;
  return `${decision.decision} by ${decision.by}${words ? `: ${words}` : ''}`;
}

/** The handoff as the store shows it, and whether someone decided it meanwhile. */
function followHandoff(handoff: HandoffView): ActionPlan['follow'] {
  return (now, _atMs, when) => {
    const current = now.handoff.get(handoff.key);
    const changed = handoffChange(current);
    return { facts: handoffFacts(current ?? handoff, when), ...(changed ? { changed } : {}) };
  };
}

export function acceptHandoffPlan(
  handoff: HandoffView,
  operator: string,
  entities: EntityMaps,
): ActionPlan {
  return {
    title: `Accept handoff ${handoff.id}`,
    request: 'acceptHandoff',
    input: { id: handoff.id },
    facts: handoffFacts(handoff, 'now'),
    follow: followHandoff(handoff),
    effect: `Moves the handoff from pending to accepted and posts an ack${handoff.room ? ` to ${handoff.room}` : ''}. If someone decided it first, nothing changes and you see who.`,
    text: {
      field: 'note',
      label: 'Note (optional)',
      required: false,
      placeholder: 'e.g. taking this over from the operator console',
    },
    confirmLabel: 'Accept',
    danger: false,
    ...handoffDecidedChanges(handoff, 'accepted', operator, entities),
  };
}

export function declineHandoffPlan(
  handoff: HandoffView,
  operator: string,
  entities: EntityMaps,
): ActionPlan {
  return {
    title: `Decline handoff ${handoff.id}`,
    request: 'declineHandoff',
    input: { id: handoff.id },
    facts: handoffFacts(handoff, 'now'),
    follow: followHandoff(handoff),
    effect: `Moves the handoff from pending to declined and posts the decision${handoff.room ? ` to ${handoff.room}` : ''}, so ${handoff.from} knows. If someone decided it first, nothing changes and you see who.`,
    text: {
      field: 'reason',
      label: 'Reason (required)',
      required: true,
      placeholder: `Tell ${handoff.from} why`,
    },
    confirmLabel: 'Decline',
    danger: true,
    ...handoffDecidedChanges(handoff, 'declined', operator, entities),
  };
}

type PartialHandoff = UnsettledView['partial_handoffs'][number];

function partialFacts(pipelineId: string, envelope: PartialHandoff): Facts {
  return [
    ['Pipeline', <span className="mono">{pipelineId}</span>],
    ['Envelope', <span className="mono">{envelope.envelope_id}</span>],
    ['From → to', `${envelope.from ?? '—'} → ${envelope.to ?? '—'}`],
    ['Payload', envelope.payload_summary ?? <span className="dim">no summary</span>],
    ['Queued', formatTimestamp(envelope.queued_at_ms)],
  ];
}

export function ackPartialPlan(unsettled: UnsettledView, envelope: PartialHandoff): ActionPlan {
  return {
    title: `Acknowledge partial handoff ${envelope.envelope_id}`,
    request: 'ackPartialHandoff',
    input: { pipeline_id: unsettled.pipeline_id, envelope_id: envelope.envelope_id },
    facts: partialFacts(unsettled.pipeline_id, envelope),
    // Someone else may acknowledge it (or it may be delivered) while the dialog is open.
    follow: (now) => {
      const current = now.unsettled.get(unsettled.key);
      const changed = partialHandoffChange(current, envelope.envelope_id);
      const shown =
        current?.partial_handoffs.find((p) => p.envelope_id === envelope.envelope_id) ?? envelope;
      return {
        facts: partialFacts(unsettled.pipeline_id, shown),
        ...(changed ? { changed } : {}),
      };
    },
    effect:
      'Appends a handoff_acknowledged entry with your decision to audit/lifecycle.jsonl; the envelope then counts as settled.',
    text: {
      field: 'decision',
      label: 'Decision (required)',
      required: true,
      placeholder: 'e.g. dropped: superseded by run r-42',
    },
    confirmLabel: 'Acknowledge',
    danger: false,
  };
}

function agentFacts(agent: AgentView): Facts {
  return [
    ['Agent', <span className="mono">{agent.id}</span>],
    ['Name', agent.name],
    ['Liveness', agent.liveness],
    ['Last seen', agent.last_seen_ms ? formatTimestamp(agent.last_seen_ms) : '—'],
    [
      'Process',
      agent.pid !== undefined ? `pid ${agent.pid}${agent.host ? `@${agent.host}` : ''}` : '—',
    ],
    ['Held leases', agent.held_leases.length ? agent.held_leases.join(', ') : 'none'],
  ];
}

export function markAgentGonePlan(agent: AgentView): ActionPlan {
  return {
    title: `Mark agent ${agent.id} gone`,
    request: 'markAgentGone',
    input: {
      agent_id: agent.id,
      ...(agent.last_seen_ms !== undefined ? { expected_last_seen_ms: agent.last_seen_ms } : {}),
    },
    facts: agentFacts(agent),
    follow: (now) => {
      const current = now.agent.get(agent.key);
      const changed = agentChange(agent, current);
      return { facts: agentFacts(current ?? agent), ...(changed ? { changed } : {}) };
    },
    effect:
      'Writes state gone to the agent record, unless it has sent a heartbeat since you looked (then nothing changes). Its leases are not released by this.',
    text: {
      field: 'reason',
      label: 'Reason (required)',
      required: true,
      placeholder: 'e.g. host decommissioned',
    },
    confirmLabel: 'Mark gone',
    danger: true,
  };
}

function messageFacts(
  room: string,
  kind: string,
  to: string | undefined,
  replyTo: string | undefined,
): Facts {
  return [
    ['Room', <span className="mono">{room}</span>],
    ['Kind', kind],
    ['To', to || 'everyone in the room'],
    ...(replyTo ? ([['In reply to', <span className="mono">{replyTo}</span>]] as const) : []),
  ];
}

const POST_EFFECT =
  'Appends one message from the operator to the room file. Agents reading the room see it.';

export function postMessagePlan(
  room: string,
  body: string,
  kind: string,
  to: string | undefined,
  replyTo?: string,
): ActionPlan {
  return {
    title: `Post to ${room}`,
    request: 'postMessage',
    input: { room, body, kind, ...(to ? { to } : {}), ...(replyTo ? { reply_to: replyTo } : {}) },
    facts: [
      ...messageFacts(room, kind, to, replyTo),
      ['Body', <span className="pre-wrap">{body}</span>],
    ],
    effect: POST_EFFECT,
    confirmLabel: 'Post',
    danger: false,
  };
}

/** The prefilled input of a reply (an attention item's postMessage action): everything but the body. */
export type ReplyInput = { room: string; kind?: string; to?: string; reply_to?: string };

/**
 * Reply in a room with a body the operator writes in the dialog (required: a message without
 * one is never sent). The kind is the one the input carries (the engine decides what a reply
 * is); 'ack' only when it carries none. While the request awaits its reply, the dialog follows
 * it, and refuses once someone answered it.
 */
export function replyPlan(input: ReplyInput, entities: EntityMaps): ActionPlan {
  const kind = input.kind ?? 'ack';
  const facts = messageFacts(input.room, kind, input.to, input.reply_to);
  const awaited =
    input.reply_to !== undefined &&
    entities.room.get(input.room)?.pending_requests.some((r) => r.id === input.reply_to);
  return {
    title: input.to ? `Reply to ${input.to} in ${input.room}` : `Post to ${input.room}`,
    request: 'postMessage',
    input: { ...input, kind },
    facts,
    ...(awaited && input.reply_to !== undefined
      ? {
          follow: (now: EntityMaps) => {
            const changed = pendingRequestChange(now.room.get(input.room), input.reply_to!);
            return { facts, ...(changed ? { changed } : {}) };
          },
        }
      : {}),
    effect: POST_EFFECT,
    text: {
      field: 'body',
      label: 'Message (required)',
      required: true,
      placeholder: input.to ? `Reply to ${input.to}…` : 'What to tell the room',
    },
    confirmLabel: 'Post',
    danger: false,
  };
}

/** A postMessage action's input as a reply's: room required; kind, to and reply_to if strings. */
function replyInputOf(input: Record<string, unknown>): ReplyInput | undefined {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const room = str(input['room']);
  if (room === undefined) return undefined;
  const kind = str(input['kind']);
  const to = str(input['to']);
  const replyTo = str(input['reply_to']);
  return {
    room,
    ...(kind ? { kind } : {}),
    ...(to ? { to } : {}),
    ...(replyTo ? { reply_to: replyTo } : {}),
  };
}

/**
 * The lease a releaseLease action is about, whatever the item's subject (a lease, or the
 * departed agent holding it): by key, else by resource path.
 */
function leaseOfAction(
  input: Record<string, unknown>,
  entities: EntityMaps,
): LeaseView | undefined {
  const path = input['resource_path'];
  if (typeof path !== 'string') return undefined;
  const byKey = entities.lease.get(path);
  if (byKey) return byKey;
  for (const lease of entities.lease.values()) if (lease.resource_path === path) return lease;
  return undefined;
}

/**
 * Release the lease an attention item names. The store's lease is shown and followed; the token
 * sent is the one on screen. When the item named another token (the lease changed hands since
 * the engine raised it), the dialog says so and will not confirm: the operator was advised about
 * a lease that is no longer there.
 */
function releaseForAttention(
  item: AttentionItem,
  action: NonNullable<AttentionItem['action']>,
  lease: LeaseView,
  entities: EntityMaps,
  nowMs: number,
): ActionPlan {
  const plan = releaseLeasePlan(lease, nowMs, entities);
  const expected = action.input['expected_token'];
  const advisedAbout =
    typeof expected === 'string' && lease.record?.token !== expected
      ? `now held by ${leaseHolder(lease) || 'no one on record'} with another token than the item named`
      : undefined;
  return {
    ...plan,
    input: { ...action.input, ...plan.input },
    ...(advisedAbout && plan.follow
      ? {
          follow: (now, atMs, when) => ({
            ...plan.follow!(now, atMs, when),
            changed: plan.follow!(now, atMs, when).changed ?? advisedAbout,
          }),
        }
      : {}),
    onOk: (r, now) => [
      ...(plan.onOk?.(r, now) ?? []),
      { op: 'remove', entity: 'attention', key: item.key },
    ],
  };
}

/** The plan behind an attention item's recommended action, with the subject as it is now. */
export function planForAttention(
  item: AttentionItem,
  entities: EntityMaps,
  nowMs: number,
  operator: string,
): ActionPlan | undefined {
  const action = item.action;
  if (!action) return undefined;
  const { entity, key } = item.subject;
  if (action.request === 'releaseLease') {
    // Any subject: a lease item, or a departed agent's "still holds N lease(s)".
    const lease =
      (entity === 'lease' ? entities.lease.get(key) : undefined) ??
      leaseOfAction(action.input, entities);
    if (lease) return releaseForAttention(item, action, lease, entities, nowMs);
    return {
      ...genericPlan(item, action),
      follow: () => ({
        facts: evidenceFacts(item),
        changed: 'the lease was released (its lock is gone)',
      }),
    };
  }
  if (
    (action.request === 'acceptHandoff' || action.request === 'declineHandoff') &&
    entity === 'handoff'
  ) {
    const handoff = entities.handoff.get(key);
    if (handoff) {
      return action.request === 'acceptHandoff'
        ? acceptHandoffPlan(handoff, operator, entities)
        : declineHandoffPlan(handoff, operator, entities);
    }
  }
  if (action.request === 'ackPartialHandoff' && entity === 'unsettled') {
    const unsettled = entities.unsettled.get(key);
    const envelope = unsettled?.partial_handoffs.find(
      (p) => p.envelope_id === action.input['envelope_id'],
    );
    if (unsettled && envelope) return ackPartialPlan(unsettled, envelope);
  }
  if (action.request === 'markAgentGone' && entity === 'agent') {
    const agent = entities.agent.get(key);
    if (agent) return markAgentGonePlan(agent);
  }
  if (action.request === 'postMessage' && typeof action.input['body'] !== 'string') {
    // The engine cannot know what to say: the operator writes the body, as in the Rooms detail.
    const input = replyInputOf(action.input);
    if (input) {
      const plan = replyPlan(input, entities);
      return {
        ...plan,
        facts: [...plan.facts, ...evidenceFacts(item)],
        ...(plan.follow
          ? {
              follow: (now, atMs, when) => {
                const f = plan.follow!(now, atMs, when);
                return { ...f, facts: [...f.facts, ...evidenceFacts(item)] };
              },
            }
          : {}),
        onOk: () => [{ op: 'remove', entity: 'attention', key: item.key }],
      };
    }
  }
  return genericPlan(item, action);
}

function evidenceFacts(item: AttentionItem): Facts {
  return item.evidence.map((e) => [e.label, localizeInstants(e.value)] as const);
}

/** Anything else: the engine's own prefilled input, with its evidence as the facts. */
function genericPlan(
  item: AttentionItem,
  action: NonNullable<AttentionItem['action']>,
): ActionPlan {
  return {
    title: action.label,
    request: action.request,
    input: action.input,
    facts: evidenceFacts(item),
    effect: item.advice ?? `Runs ${action.request} on ${item.subject.entity} ${item.subject.key}.`,
    ...(action.needs_reason
      ? { text: { field: 'reason' as const, label: 'Reason (required)', required: true } }
      : {}),
    confirmLabel: action.label,
    danger: action.needs_reason,
  };
}

export type { ActionResult };
