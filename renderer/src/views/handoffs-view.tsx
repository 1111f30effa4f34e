import { useMemo, type Ref } from 'react';
import type { HandoffView } from '../../../core/api/views.ts';
import { acceptHandoffPlan, declineHandoffPlan } from '../actions/plans.tsx';
import { useMonitor, useNow, useServices, useUi } from '../app-context.tsx';
import { useLastKnown } from '../components/use-last-known.ts';
import { CheckFilter } from '../components/check-filter.tsx';
import { DetailPane } from '../components/detail-pane.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { HandoffDeadline } from '../components/handoff-deadline.tsx';
import { KeyValues } from '../components/key-values.tsx';
import { ListViewFrame } from '../components/list-view-frame.tsx';
import { MissingDetail } from '../components/missing-detail.tsx';
import { PathText } from '../components/path-text.tsx';
import { Age, Ago } from '../components/relative-time.tsx';
import { RevealLink } from '../components/reveal-link.tsx';
import { StatusPill } from '../components/status-pill.tsx';
import { useDetailFocus } from '../components/use-detail-focus.ts';
import { VirtualTable, type Column } from '../components/virtual-table.tsx';
import { formatCount, formatTimestamp } from '../format/duration.ts';
import { handoffDisplay } from '../state/display-state.ts';
import { handoffRows, memoLast } from '../state/selectors.ts';

const rowsOf = memoLast((handoffs: ReadonlyMap<string, HandoffView>, decided: boolean) =>
  handoffRows(handoffs.values(), decided),
);

function HandoffState({ handoff }: { handoff: HandoffView }) {
  const now = useNow(1000);
  return <StatusPill state={handoffDisplay(handoff, now)} />;
}

const COLUMNS: readonly Column<HandoffView>[] = [
  {
    id: 'state',
    header: 'State',
    width: 110,
    essential: true,
    render: (h) => <HandoffState handoff={h} />,
  },
  {
    id: 'id',
    header: 'Handoff',
    width: 170,
    dropOrder: 2,
    render: (h) => (
      <span className="mono" title={h.id}>
        {h.id}
      </span>
    ),
  },
  {
    id: 'who',
    header: 'From → to',
    width: 210,
    render: (h) => (
      <span title={`${h.from} → ${h.to}`}>
        {h.from} → {h.to}
      </span>
    ),
  },
  {
    id: 'message',
    header: 'Message',
    width: { flex: 1, min: 180 },
    render: (h) => <span title={h.message}>{h.message}</span>,
  },
  {
    id: 'age',
    header: 'Waiting',
    width: 90,
    dropOrder: 1,
    render: (h) =>
      h.state === 'pending' ? <Age sinceMs={h.created_at_ms} /> : <span className="dim">—</span>,
  },
  {
    id: 'deadline',
    header: 'Deadline',
    width: 150,
    render: (h) =>
      h.state !== 'pending' ? (
        <span className="dim">
          {h.decision ? `${h.decision.decision} by ${h.decision.by}` : h.state}
        </span>
      ) : (
        <HandoffDeadline handoff={h} />
      ),
  },
];

export function HandoffsView() {
  const { ui } = useServices();
  const handoffs = useMonitor((s) => s.entities.handoff);
  const showDecided = useUi((s) => s.showDecidedHandoffs);
  const rows = rowsOf(handoffs, showDecided);
  const pending = useMemo(() => rowsOf(handoffs, false).length, [handoffs]);
  const { selected, open, detailRef, listRef, onClose, table } = useDetailFocus('handoffs');
  return (
    <ListViewFrame
      title="Handoffs"
      count={
        showDecided
          ? `${formatCount(pending)} pending · ${formatCount(rows.length - pending)} decided`
          : formatCount(pending)
      }
      controls={
        <>
          <span className="dim view-hint">
            {showDecided
              ? 'Pending, oldest first; then decided, latest decision first.'
              : 'Pending, oldest first.'}
          </span>
          <CheckFilter
            checked={showDecided}
            onChange={(on) => ui.getState().setShowDecidedHandoffs(on)}
          >
            show decided
          </CheckFilter>
        </>
      }
      listRef={listRef}
      detail={
        open && selected ? (
          <HandoffDetail handoffKey={selected} ref={detailRef} onClose={onClose} />
        ) : null
      }
    >
      <VirtualTable
        label="Handoffs"
        columns={COLUMNS}
        rows={rows}
        rowKey={(h) => h.key}
        {...table}
        rowClass={(h) => (h.state !== 'pending' ? 'muted-row' : undefined)}
        empty={
          <EmptyState
            title="No handoff is waiting."
            command='baton handoff create --from builder-1 --to reviewer --message "PR ready for review" --room session/s1/general'
          >
            A handoff appears here when an agent hands work to another:
          </EmptyState>
        }
      />
    </ListViewFrame>
  );
}

function HandoffDetail({
  handoffKey,
  onClose,
  ref,
}: {
  handoffKey: string;
  onClose(): void;
  ref: Ref<HTMLElement>;
}) {
  const { ui, monitor } = useServices();
  const handoff = useMonitor(
    (s) =>
      s.entities.handoff.get(handoffKey) ??
      [...s.entities.handoff.values()].find((h) => h.id === handoffKey),
  );
  const operator = useMonitor((s) => s.info?.operator ?? 'operator');
  const shown = useLastKnown(handoff);
  if (!shown) return <MissingDetail noun="Handoff" ref={ref} onClose={onClose} />;
  const pending = shown.state === 'pending' && handoff !== undefined;
  return (
    <DetailPane
      ref={ref}
      onClose={onClose}
      title={<span className="mono">{shown.id}</span>}
      actions={
        <>
          <HandoffState handoff={shown} />
          {pending ? (
            <>
              <button
                type="button"
                className="primary"
                onClick={() =>
                  ui
                    .getState()
                    .openAction(acceptHandoffPlan(shown, operator, monitor.getState().entities))
                }
              >
                Accept…
              </button>
              <button
                type="button"
                onClick={() =>
                  ui
                    .getState()
                    .openAction(declineHandoffPlan(shown, operator, monitor.getState().entities))
                }
              >
                Decline…
              </button>
            </>
          ) : null}
        </>
      }
    >
      <KeyValues
        rows={[
          ['From', <RevealLink view="agents" target={shown.from} />],
          ['To', <RevealLink view="agents" target={shown.to} />],
          [
            'Artifact',
            shown.artifact ? <PathText path={shown.artifact} widthPx={300} /> : undefined,
          ],
          ['Message', <span className="pre-wrap">{shown.message}</span>],
          [
            'Created',
            <>
              <Ago sinceMs={shown.created_at_ms} />{' '}
              <span className="dim small">({formatTimestamp(shown.created_at_ms)})</span>
            </>,
          ],
          // Decided: a time and whether the decision beat it, no countdown still running.
          ['Deadline', shown.deadline_ms ? <HandoffDeadline handoff={shown} /> : undefined],
          ['Run', shown.run_id ? <RevealLink view="runs" target={shown.run_id} /> : undefined],
          ['Room', shown.room ? <RevealLink view="rooms" target={shown.room} /> : undefined],
          ['Thread', shown.thread_id ? <span className="mono">{shown.thread_id}</span> : undefined],
          shown.decision
            ? ['Decision', `${shown.decision.decision} by ${shown.decision.by}`]
            : null,
          shown.decision ? ['Decided', formatTimestamp(shown.decision.at_ms)] : null,
          shown.decision?.note ? ['Note', shown.decision.note] : null,
          shown.decision?.reason ? ['Reason', shown.decision.reason] : null,
        ]}
      />
    </DetailPane>
  );
}
