import { z } from 'zod';
import { AgentViewSchema, HandoffViewSchema, LeaseViewSchema } from '../../../core/api/views.ts';
import { LeaseRecordSchema } from '../../../core/leases/lease-schema.ts';
import { formatTimestamp } from '../format/duration.ts';
import { JsonBlock, KeyValues } from './key-values.tsx';
import { Countdown } from './relative-time.tsx';

/** A partial handoff someone already acknowledged (core's SettledEnvelopeState). */
const AcknowledgementSchema = z.object({
  settled: z.literal(true),
  by: z.string(),
  decision: z.unknown(),
  acknowledged_at_ms: z.number().optional(),
  lifecycle_seq: z.number().optional(),
});

/** A decision as recorded: text as it is, anything else as compact JSON. */
function decisionWords(decision: unknown) {
  if (decision === null || decision === undefined)
    return <span className="dim">none recorded</span>;
  return typeof decision === 'string' ? (
    decision
  ) : (
    <span className="mono">{JSON.stringify(decision)}</span>
  );
}

/** What a refused action found: the target as it is now, in the words of its view. */
export function CurrentState({ value }: { value: unknown }) {
  if (value === undefined) return null;
  if (value === null) return <p>It no longer exists.</p>;
  const lease = LeaseViewSchema.safeParse(value);
  const record = lease.success ? lease.data.record : LeaseRecordSchema.safeParse(value).data;
  if (lease.success || record) {
    return (
      <KeyValues
        rows={[
          ['State', lease.success ? lease.data.state : 'held'],
          [
            'Holder',
            record ? (record.owner.agent ?? record.owner.id) : (lease.data?.holder ?? '—'),
          ],
          ['Token', record ? <span className="mono">{record.token}</span> : '—'],
          ['Acquired', record ? formatTimestamp(record.acquired_at_ms) : '—'],
          ['Expiry', record ? <Countdown targetMs={record.expires_at_ms} /> : '—'],
        ]}
      />
    );
  }
  const handoff = HandoffViewSchema.safeParse(value);
  if (handoff.success) {
    const d = handoff.data.decision;
    return (
      <KeyValues
        rows={[
          ['State', handoff.data.state],
          ['Decided by', d?.by ?? '—'],
          ['Decided at', d ? formatTimestamp(d.at_ms) : '—'],
          ['Note / reason', d?.note ?? d?.reason ?? '—'],
        ]}
      />
    );
  }
  const ack = AcknowledgementSchema.safeParse(value);
  if (ack.success) {
    const a = ack.data;
    return (
      <KeyValues
        rows={[
          ['State', 'acknowledged (settled)'],
          ['Acknowledged by', a.by],
          ['Decision', decisionWords(a.decision)],
          [
            'Acknowledged at',
            a.acknowledged_at_ms !== undefined ? formatTimestamp(a.acknowledged_at_ms) : '—',
          ],
          ['Lifecycle entry', a.lifecycle_seq !== undefined ? `#${a.lifecycle_seq}` : '—'],
        ]}
      />
    );
  }
  const agent = AgentViewSchema.safeParse(value);
  if (agent.success) {
    const a = agent.data;
    return (
      <KeyValues
        rows={[
          ['Agent', <span className="mono">{a.id}</span>],
          ['Name', a.name],
          ['Liveness', a.liveness],
          ['Last seen', a.last_seen_ms !== undefined ? formatTimestamp(a.last_seen_ms) : '—'],
          ['Process', a.pid !== undefined ? `pid ${a.pid}${a.host ? `@${a.host}` : ''}` : '—'],
          ['Held leases', a.held_leases.length ? a.held_leases.join(', ') : 'none'],
          ...(a.problem ? ([['Problem', a.problem]] as const) : []),
        ]}
      />
    );
  }
  // Unknown shapes as they came: better raw than guessed at.
  return <JsonBlock value={value} />;
}
