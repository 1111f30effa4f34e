import { useMemo, type Ref } from 'react';
import { planForAttention } from '../actions/plans.tsx';
import { useMonitor, useNow, useServices } from '../app-context.tsx';
import { DetailPane, Section } from '../components/detail-pane.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { EvidenceValue } from '../components/evidence-value.tsx';
import { KeyValues } from '../components/key-values.tsx';
import { ListViewFrame } from '../components/list-view-frame.tsx';
import { Age } from '../components/relative-time.tsx';
import { RevealLink } from '../components/reveal-link.tsx';
import { StatusPill } from '../components/status-pill.tsx';
import { useDetailFocus } from '../components/use-detail-focus.ts';
import { VirtualTable, type Column } from '../components/virtual-table.tsx';
import { formatCount, formatTimestamp, localizeInstants } from '../format/duration.ts';
import { severityDisplay } from '../state/display-state.ts';
import {
  createAttentionSelector,
  liveUntil,
  type AttentionRow,
  type ViewId,
} from '../state/selectors.ts';
import type { EntityKind } from '../../../core/api/views.ts';

const rowsOf = createAttentionSelector();

const ENTITY_VIEW: Partial<Record<EntityKind, ViewId>> = {
  lease: 'leases',
  agent: 'agents',
  room: 'rooms',
  run: 'runs',
  handoff: 'handoffs',
  unsettled: 'unsettled',
};

function ActionButton({ item }: { item: AttentionRow }) {
  const { ui, monitor, ticker } = useServices();
  if (!item.action) return <span className="dim">{item.advice ? 'see advice' : '—'}</span>;
  return (
    <button
      type="button"
      className="row-action"
      onClick={(e) => {
        e.stopPropagation();
        const s = monitor.getState();
        const plan = planForAttention(
          item,
          s.entities,
          ticker.now(),
          s.info?.operator ?? 'operator',
        );
        if (plan) ui.getState().openAction(plan);
      }}
    >
      {item.action.label}…
    </button>
  );
}

const COLUMNS: readonly Column<AttentionRow>[] = [
  {
    id: 'severity',
    header: 'Severity',
    width: 112,
    essential: true,
    render: (a) => <StatusPill state={severityDisplay(a.severity)} />,
  },
  {
    id: 'item',
    header: 'What needs you',
    width: { flex: 3, min: 200 },
    render: (a) => (
      <div className="two-line">
        <span className="line-1" title={localizeInstants(a.title)}>
          {localizeInstants(a.title)}
          {a.provisional ? (
            <span
              className="tag"
              title="Seen here when the countdown passed zero; the engine confirms shortly"
            >
              just now
            </span>
          ) : null}
        </span>
        <span
          className="line-2 dim"
          title={a.evidence.map((e) => `${e.label}: ${localizeInstants(e.value)}`).join('\n')}
        >
          {a.evidence.map((e) => `${e.label} ${localizeInstants(e.value)}`).join(' · ')}
        </span>
      </div>
    ),
  },
  { id: 'age', header: 'For', width: 90, render: (a) => <Age sinceMs={a.since_ms} /> },
  {
    id: 'action',
    header: 'Recommended',
    // Gives way to the title in a narrow list (a row must still say what it is), down to a
    // button that still shows its verb and subject's start.
    width: { flex: 1, min: 150, max: 250 },
    essential: true,
    render: (a) => <ActionButton item={a} />,
  },
];

export function AttentionView() {
  const attention = useMonitor((s) => s.entities.attention);
  const leases = useMonitor((s) => s.entities.lease);
  const now = useNow(1000);
  // Provisional items only for expiries the data is known to cover (none while disconnected).
  const liveUntilMs = useMonitor((s) => liveUntil(s, now));
  const rows = rowsOf(attention, leases, now, liveUntilMs);
  const { selected, open, detailRef, listRef, onClose, table } = useDetailFocus('attention');
  const selectedRow = useMemo(() => rows.find((r) => r.key === selected), [rows, selected]);

  return (
    <ListViewFrame
      title="Attention"
      count={formatCount(rows.length)}
      controls={<span className="dim view-hint">Most severe first, then oldest.</span>}
      listRef={listRef}
      detail={
        open && selected ? (
          <AttentionDetail item={selectedRow} ref={detailRef} onClose={onClose} />
        ) : null
      }
    >
      <VirtualTable
        label="Attention queue"
        columns={COLUMNS}
        rows={rows}
        rowKey={(r) => r.key}
        rowHeight={46}
        {...table}
        empty={
          <EmptyState title="Nothing needs you right now.">
            Stale or unrecorded leases, crashed agents still holding work, orphaned runs, overdue
            handoffs, unanswered requests, old unsettled work and unreadable files appear here as
            they happen.
          </EmptyState>
        }
      />
    </ListViewFrame>
  );
}

function AttentionDetail({
  item,
  onClose,
  ref,
}: {
  item: AttentionRow | undefined;
  onClose(): void;
  ref: Ref<HTMLElement>;
}) {
  if (!item) {
    return (
      <DetailPane ref={ref} title="Resolved" onClose={onClose}>
        <p className="muted-note">
          This item is no longer in the queue: the condition has cleared.
        </p>
      </DetailPane>
    );
  }
  const view = ENTITY_VIEW[item.subject.entity];
  return (
    <DetailPane
      ref={ref}
      title={localizeInstants(item.title)}
      onClose={onClose}
      actions={
        <>
          <StatusPill state={severityDisplay(item.severity)} />
          <ActionButton item={item} />
        </>
      }
    >
      <KeyValues
        rows={[
          ['Kind', item.kind.replaceAll('_', ' ')],
          [
            'Since',
            <>
              <Age sinceMs={item.since_ms} />{' '}
              <span className="dim small">({formatTimestamp(item.since_ms)})</span>
            </>,
          ],
          [
            'Subject',
            view ? (
              <RevealLink view={view} target={item.subject.key}>
                {item.subject.entity} {item.subject.key}
              </RevealLink>
            ) : (
              `${item.subject.entity} ${item.subject.key}`
            ),
          ],
        ]}
      />
      <Section title="Evidence">
        <KeyValues
          rows={item.evidence.map((e) => [e.label, <EvidenceValue value={e.value} />] as const)}
        />
      </Section>
      {item.advice ? (
        <Section title="Advice">
          <p>{item.advice}</p>
        </Section>
      ) : null}
      {item.provisional ? (
        <p className="dim small">
          Shown here because the lease’s countdown passed zero; the engine confirms on its next
          update.
        </p>
      ) : null}
    </DetailPane>
  );
}
