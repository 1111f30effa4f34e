import { useCallback, useMemo, type Ref } from 'react';
import { useStore } from 'zustand';
import type { LeaseView } from '../../../core/api/views.ts';
import { releaseLeasePlan } from '../actions/plans.tsx';
import { useMonitor, useNow, useServices, useUi } from '../app-context.tsx';
import { useLastKnown } from '../components/use-last-known.ts';
import { CheckFilter } from '../components/check-filter.tsx';
import { DetailPane, Section } from '../components/detail-pane.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { JsonBlock, KeyValues } from '../components/key-values.tsx';
import { LeaseStatePill } from '../components/lease-cells.tsx';
import { ListViewFrame } from '../components/list-view-frame.tsx';
import { MissingDetail } from '../components/missing-detail.tsx';
import { PathText } from '../components/path-text.tsx';
import { Ago, Countdown } from '../components/relative-time.tsx';
import { RevealLink } from '../components/reveal-link.tsx';
import { StatusPill } from '../components/status-pill.tsx';
import { useDetailFocus } from '../components/use-detail-focus.ts';
import { VirtualTable, type Column } from '../components/virtual-table.tsx';
import { LeaseReleaseControl } from './lease-release-control.tsx';
import { formatCount, formatDuration, formatTimestamp } from '../format/duration.ts';
import { agentDisplay } from '../state/display-state.ts';
import { releaseNeedsForce } from '../state/lease-release.ts';
import {
  bulkReleasable,
  createBulkSelector,
  createLeaseSorter,
  filterLeases,
  leaseFilterUsesTime,
  leaseHolder,
  memoLast,
  type LeaseSortKey,
} from '../state/selectors.ts';
import { orphanedRunOf } from '../state/run-lease.ts';

const sortedLeases = createLeaseSorter();
const filteredLeases = memoLast(filterLeases);
const staleOf = createBulkSelector();

const LIVENESS_TONE = { active: 'ok', crashed: 'bad', gone: 'muted' } as const;

const COLUMNS: readonly Column<LeaseView>[] = [
  {
    id: 'resource',
    header: 'Resource',
    width: { flex: 1, min: 180 },
    sortKey: 'resource',
    render: (l, w) => <PathText path={l.resource_path} widthPx={w - 26} />,
  },
  {
    id: 'holder',
    header: 'Holder',
    width: 150,
    sortKey: 'holder',
    render: (l) => (
      <span title={leaseHolder(l)}>{leaseHolder(l) || <span className="dim">—</span>}</span>
    ),
  },
  {
    id: 'liveness',
    header: 'Liveness',
    width: 112,
    dropOrder: 1,
    render: (l) =>
      l.holder_liveness ? (
        <StatusPill state={{ tone: LIVENESS_TONE[l.holder_liveness], word: l.holder_liveness }} />
      ) : (
        <span className="dim">unknown</span>
      ),
  },
  {
    id: 'run',
    header: 'Run',
    width: 110,
    dropOrder: 4,
    render: (l) =>
      l.run_id ? (
        <span className="mono" title={l.run_id}>
          {l.run_id}
        </span>
      ) : (
        <span className="dim">—</span>
      ),
  },
  {
    id: 'state',
    header: 'State',
    width: 146,
    essential: true,
    render: (l) => <LeaseStatePill lease={l} />,
  },
  {
    id: 'acquired',
    header: 'Acquired',
    width: 100,
    dropOrder: 3,
    sortKey: 'acquired',
    render: (l) => <Ago sinceMs={l.record?.acquired_at_ms ?? l.dir_mtime_ms} />,
  },
  {
    id: 'expires',
    header: 'Expiry',
    width: 150,
    essential: true,
    sortKey: 'expires',
    render: (l) => <Countdown targetMs={l.record?.expires_at_ms} />,
  },
  {
    id: 'renewals',
    header: 'Renewals',
    width: 82,
    align: 'right',
    dropOrder: 2,
    sortKey: 'renewals',
    render: (l) => (l.record ? String(l.record.renewals ?? 0) : <span className="dim">—</span>),
  },
];

export function LeasesView() {
  const { ui } = useServices();
  const leases = useMonitor((s) => s.entities.lease);
  const filter = useUi((s) => s.leaseFilter);
  const sort = useUi((s) => s.leaseSort);
  // Only a time-based filter needs the clock; otherwise the list is recomputed on data changes only.
  const now = useNow(leaseFilterUsesTime(filter) ? 1000 : 86_400_000);
  const sorted = sortedLeases(leases, sort);
  const rows = filteredLeases(sorted, filter, now);
  const { selected, open, detailRef, listRef, onClose, table } = useDetailFocus('leases');
  const holders = useMemo(
    () => [...new Set([...leases.values()].map(leaseHolder).filter(Boolean))].sort(),
    [leases],
  );

  const onSort = useCallback(
    (by: string) => {
      const current = ui.getState().leaseSort;
      ui.getState().setLeaseSort({
        by: by as LeaseSortKey,
        dir: current.by === by ? (current.dir === 1 ? -1 : 1) : 1,
      });
    },
    [ui],
  );

  const filtered = rows.length !== leases.size;
  return (
    <ListViewFrame
      title="Leases"
      count={
        filtered
          ? `${formatCount(rows.length)} of ${formatCount(leases.size)}`
          : formatCount(leases.size)
      }
      controls={
        <>
          <div className="filters" role="group" aria-label="Filters">
            <CheckFilter
              checked={filter.stale}
              onChange={(on) => ui.getState().setLeaseFilter({ stale: on })}
            >
              stale
            </CheckFilter>
            <CheckFilter
              checked={filter.expiring}
              onChange={(on) => ui.getState().setLeaseFilter({ expiring: on })}
            >
              expiring soon
            </CheckFilter>
            <input
              className="filter-input"
              list="lease-holders"
              placeholder="holder"
              aria-label="Filter by holder"
              value={filter.holder}
              onChange={(e) => ui.getState().setLeaseFilter({ holder: e.target.value })}
            />
            <datalist id="lease-holders">
              {holders.map((h) => (
                <option key={h} value={h} />
              ))}
            </datalist>
            <input
              className="filter-input wide"
              placeholder="path contains…"
              aria-label="Filter by path"
              value={filter.text}
              onChange={(e) => ui.getState().setLeaseFilter({ text: e.target.value })}
            />
          </div>
          <BulkReleaseButton rows={rows} />
        </>
      }
      listRef={listRef}
      detail={
        open && selected ? (
          <LeaseDetail leaseKey={selected} ref={detailRef} onClose={onClose} />
        ) : null
      }
    >
      <VirtualTable
        label="Leases"
        columns={COLUMNS}
        rows={rows}
        rowKey={leaseKey}
        {...table}
        sort={sort}
        onSort={onSort}
        empty={
          leases.size === 0 ? (
            <EmptyState
              title="No leases are held."
              command="baton lease acquire src/app.ts --ttl 60000"
            >
              A lease appears here when an agent takes one, for example:
            </EmptyState>
          ) : (
            <EmptyState title="No lease matches these filters.">
              Clear a filter to see the other {formatCount(leases.size)}.
            </EmptyState>
          )
        }
      />
    </ListViewFrame>
  );
}

const leaseKey = (l: LeaseView) => l.key;

function BulkReleaseButton({ rows }: { rows: readonly LeaseView[] }) {
  const { ui, ticker } = useServices();
  const now = useNow(1000);
  const leases = useMonitor((s) => s.entities.lease);
  const runs = useMonitor((s) => s.entities.run);
  const stale = staleOf(rows, leases, runs, now);
  return (
    <button
      type="button"
      className="bulk-button"
      disabled={stale.length === 0}
      title={
        stale.length === 0
          ? 'No stale lease in the list shown'
          : 'Preview the exact set before anything is released'
      }
      onClick={() => ui.getState().openBulkRelease(bulkReleasable(rows, runs, ticker.now()))}
    >
      Release {formatCount(stale.length)} stale…
    </button>
  );
}

function LeaseDetail({
  leaseKey: key,
  onClose,
  ref,
}: {
  leaseKey: string;
  onClose(): void;
  ref: Ref<HTMLElement>;
}) {
  const { ui, ticker, monitor } = useServices();
  const lease = useMonitor((s) => s.entities.lease.get(key));
  const holderAgent = useMonitor((s) =>
    lease?.holder
      ? (s.entities.agent.get(lease.holder) ??
        [...s.entities.agent.values()].find((a) => a.id === lease.holder))
      : undefined,
  );
  const shown = useLastKnown(lease);
  const now = useNow(1000);
  // Read at the ticker's own resolution, so the label flips with the countdown, at the instant
  // the dialog it opens (releaseLeasePlan, on ticker.now()) stops being a forced release.
  const force = useStore(
    ticker.store,
    (s) => shown !== undefined && releaseNeedsForce(shown, s.now),
  );
  const orphanRun = useMonitor((s) => (shown ? orphanedRunOf(shown, s.entities.run) : undefined));
  if (!shown) return <MissingDetail noun="Lease" ref={ref} onClose={onClose} />;
  const record = shown.record;
  const gone = lease === undefined;
  return (
    <DetailPane
      ref={ref}
      onClose={onClose}
      title={<PathText path={shown.resource_path} widthPx={320} />}
      actions={
        gone ? (
          <StatusPill state={{ tone: 'muted', word: 'released' }} />
        ) : (
          <>
            <LeaseStatePill lease={shown} />
            <LeaseReleaseControl
              lease={shown}
              force={force}
              orphanRun={orphanRun}
              onRelease={() =>
                ui
                  .getState()
                  .openAction(releaseLeasePlan(shown, ticker.now(), monitor.getState().entities))
              }
            />
          </>
        )
      }
    >
      {gone ? (
        <p className="muted-note">Gone: released or removed. Last known record below.</p>
      ) : null}
      <div className={gone ? 'muted-block' : undefined}>
        <KeyValues
          rows={[
            ['Resource', <span className="mono">{shown.resource_path}</span>],
            ['Lock directory', <span className="mono">{shown.lock_path}</span>],
            ['Token', record ? <span className="mono">{record.token}</span> : undefined],
            [
              'Holder',
              shown.holder ? (
                <RevealLink view="agents" target={holderAgent?.key ?? shown.holder}>
                  {shown.holder}
                </RevealLink>
              ) : undefined,
            ],
            [
              'Holder liveness',
              holderAgent ? (
                <StatusPill state={agentDisplay(holderAgent, now)} />
              ) : (
                (shown.holder_liveness ?? 'unknown')
              ),
            ],
            ['Run', shown.run_id ? <RevealLink view="runs" target={shown.run_id} /> : undefined],
            record
              ? [
                  'Owner process',
                  `${record.owner.pid !== undefined ? `pid ${record.owner.pid}` : ''}${record.owner.host ? ` on ${record.owner.host}` : ''}` ||
                    undefined,
                ]
              : null,
            record?.owner.session_id ? ['Session', record.owner.session_id] : null,
            record?.owner.worker_id ? ['Worker', record.owner.worker_id] : null,
            record?.reason ? ['Reason', record.reason] : null,
            record ? ['Acquired', <Ago sinceMs={record.acquired_at_ms} />] : null,
            record ? ['Last renewed', <Ago sinceMs={record.updated_at_ms} />] : null,
            record ? ['TTL', formatDuration(record.ttl_ms)] : null,
            record
              ? [
                  'Expiry',
                  <>
                    <Countdown targetMs={record.expires_at_ms} />
                    <div className="dim small">{formatTimestamp(record.expires_at_ms)}</div>
                  </>,
                ]
              : null,
            record ? ['Renewals', String(record.renewals ?? 0)] : null,
            shown.problem
              ? ['Problem', <span className="tone-text-diag">{shown.problem}</span>]
              : null,
            !record && shown.dir_mtime_ms
              ? ['Directory appeared', <Ago sinceMs={shown.dir_mtime_ms} />]
              : null,
          ]}
        />
        {record && record.refs.length > 0 ? (
          <Section title="Refs" count={record.refs.length}>
            <JsonBlock value={record.refs} />
          </Section>
        ) : null}
      </div>
    </DetailPane>
  );
}
