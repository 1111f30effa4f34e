import type { Ref } from 'react';
import type { UnsettledView as Unsettled } from '../../../core/api/views.ts';
import { ackPartialPlan } from '../actions/plans.tsx';
import { useMonitor, useServices } from '../app-context.tsx';
import { useLastKnown } from '../components/use-last-known.ts';
import { DetailPane, Section } from '../components/detail-pane.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ListViewFrame } from '../components/list-view-frame.tsx';
import { MissingDetail } from '../components/missing-detail.tsx';
import { Age, Ago } from '../components/relative-time.tsx';
import { useDetailFocus } from '../components/use-detail-focus.ts';
import { VirtualTable, type Column } from '../components/virtual-table.tsx';
import { formatCount } from '../format/duration.ts';
import { memoLast, unsettledRows } from '../state/selectors.ts';

const rowsOf = memoLast((items: ReadonlyMap<string, Unsettled>) => unsettledRows(items.values()));

const BUCKETS = [
  {
    id: 'suspended',
    field: 'suspended_subagents',
    label: 'Suspended subagents',
    short: 'Suspended',
  },
  { id: 'queued', field: 'queued_triggers', label: 'Queued triggers', short: 'Queued' },
  { id: 'partial', field: 'partial_handoffs', label: 'Partial handoffs', short: 'Partial' },
  {
    id: 'in_flight',
    field: 'in_flight_llm_calls',
    label: 'In-flight LLM calls',
    short: 'In flight',
  },
  { id: 'pool_pending', field: 'pool_pending_tasks', label: 'Pool pending tasks', short: 'Pool' },
] as const;

/** A bucket item in one line: its id-like field (the full item is on hover). */
function itemLabel(entry: Record<string, unknown>, index: number): string {
  for (const k of ['id', 'envelope_id', 'task_id', 'name', 'agent', 'trigger', 'call_id']) {
    if (typeof entry[k] === 'string') return entry[k] as string;
  }
  return `item ${index + 1}`;
}

function countCell(n: number) {
  return n === 0 ? <span className="dim">0</span> : <strong>{formatCount(n)}</strong>;
}

const COLUMNS: readonly Column<Unsettled>[] = [
  {
    id: 'pipeline',
    header: 'Pipeline',
    width: { flex: 1, min: 160 },
    render: (u) => (
      <span className="mono" title={u.pipeline_id}>
        {u.pipeline_id}
      </span>
    ),
  },
  ...BUCKETS.map((b): Column<Unsettled> => ({
    id: b.id,
    header: b.short,
    headerTitle: b.label,
    width: 98,
    align: 'right',
    render: (u) => countCell(u.counts[b.id]),
  })),
  {
    id: 'oldest',
    header: 'Oldest',
    width: 90,
    render: (u) => <Age sinceMs={u.oldest_queued_at_ms} />,
  },
  {
    id: 'summary',
    header: 'Summary',
    width: { flex: 1.4, min: 200 },
    dropOrder: 2,
    render: (u) => <span title={u.summary}>{u.summary}</span>,
  },
  {
    id: 'updated',
    header: 'Updated',
    width: 90,
    dropOrder: 1,
    render: (u) => <Ago sinceMs={u.updated_at_ms} />,
  },
];

export function UnsettledView() {
  const items = useMonitor((s) => s.entities.unsettled);
  const rows = rowsOf(items);
  const { selected, open, detailRef, listRef, onClose, table } = useDetailFocus('unsettled');
  return (
    <ListViewFrame
      title="Unsettled work"
      count={formatCount(rows.length)}
      controls={<span className="dim view-hint">Per pipeline, oldest queued first.</span>}
      listRef={listRef}
      detail={
        open && selected ? (
          <UnsettledDetail itemKey={selected} ref={detailRef} onClose={onClose} />
        ) : null
      }
    >
      <VirtualTable
        label="Unsettled work by pipeline"
        columns={COLUMNS}
        rows={rows}
        rowKey={(u) => u.key}
        {...table}
        empty={
          <EmptyState title="No pipeline has reported unsettled work.">
            A pipeline appears here when it writes <code>unsettled/&lt;pipeline_id&gt;.json</code>{' '}
            (suspended subagents, queued triggers, partial handoffs, in-flight LLM calls, pool
            tasks).
          </EmptyState>
        }
      />
    </ListViewFrame>
  );
}

function UnsettledDetail({
  itemKey,
  onClose,
  ref,
}: {
  itemKey: string;
  onClose(): void;
  ref: Ref<HTMLElement>;
}) {
  const { ui } = useServices();
  const item = useMonitor((s) => s.entities.unsettled.get(itemKey));
  const shown = useLastKnown(item);
  if (!shown) return <MissingDetail noun="Pipeline" ref={ref} onClose={onClose} />;
  return (
    <DetailPane
      ref={ref}
      onClose={onClose}
      title={<span className="mono">{shown.pipeline_id}</span>}
    >
      <p className="summary-line">{shown.summary}</p>
      <Section title="Partial handoffs" count={shown.partial_handoffs.length}>
        {shown.partial_handoffs.length === 0 ? <p className="dim">None.</p> : null}
        <ul className="plain-list">
          {shown.partial_handoffs.map((p) => (
            <li key={p.envelope_id} className="bucket-item">
              <div className="split">
                <span className="mono">{p.envelope_id}</span>
                <span className="dim">
                  waiting <Age sinceMs={p.queued_at_ms} />
                </span>
              </div>
              <div className="dim small">
                {p.from ?? '—'} → {p.to ?? '—'} {p.payload_summary ? `· ${p.payload_summary}` : ''}
              </div>
              {item ? (
                <button
                  type="button"
                  className="row-action"
                  onClick={() => ui.getState().openAction(ackPartialPlan(item, p))}
                >
                  Acknowledge…
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
      {BUCKETS.filter((b) => b.id !== 'partial').map((b) => {
        const list = shown[b.field] as readonly Record<string, unknown>[];
        return (
          <Section key={b.id} title={b.label} count={list.length}>
            {list.length === 0 ? (
              <p className="dim">None.</p>
            ) : (
              <ul className="plain-list">
                {list.slice(0, 200).map((entry, i) => (
                  <li key={i} className="bucket-item split" title={JSON.stringify(entry, null, 2)}>
                    <span className="mono">{itemLabel(entry, i)}</span>
                    {typeof entry['queued_at_ms'] === 'number' ? (
                      <span className="dim">
                        queued <Age sinceMs={entry['queued_at_ms']} /> ago
                      </span>
                    ) : null}
                  </li>
                ))}
                {list.length > 200 ? <li className="dim">and {list.length - 200} more</li> : null}
              </ul>
            )}
          </Section>
        );
      })}
    </DetailPane>
  );
}
