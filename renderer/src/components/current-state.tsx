import { HandoffViewSchema, LeaseViewSchema } from '../../../core/api/views.ts';
import { LeaseRecordSchema } from '../../../core/leases/lease-schema.ts';
import { formatTimestamp } from '../format/duration.ts';
import { JsonBlock, KeyValues } from './key-values.tsx';
import { Countdown } from './relative-time.tsx';

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
  return <JsonBlock value={value} />;
}
