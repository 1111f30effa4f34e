import { useMemo, type Ref } from 'react';
import type { RunView } from '../../../core/api/views.ts';
import { useMonitor, useNow, useServices, useUi } from '../app-context.tsx';
import { useLastKnown } from '../components/use-last-known.ts';
import { DetailPane, Section } from '../components/detail-pane.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { JsonBlock, KeyValues } from '../components/key-values.tsx';
import { ListViewFrame } from '../components/list-view-frame.tsx';
import { MissingDetail } from '../components/missing-detail.tsx';
import { Ago, Countdown } from '../components/relative-time.tsx';
import { SegmentedControl } from '../components/segmented-control.tsx';
import { RevealLink } from '../components/reveal-link.tsx';
import { StatusPill } from '../components/status-pill.tsx';
import { useDetailFocus } from '../components/use-detail-focus.ts';
import { useRequest, useThrottled } from '../components/use-request.ts';
import { VirtualTable, type Column } from '../components/virtual-table.tsx';
import { formatClock, formatCount, formatDuration, formatTimestamp } from '../format/duration.ts';
import { runDisplay } from '../state/display-state.ts';
import { memoLast, RUN_GROUPS, runGroupCounts, runRows } from '../state/selectors.ts';
import { runDurationMs, runLanes, type Lane } from './run-lanes.ts';

const rowsOf = memoLast(runRows);

function RunStatus({ run }: { run: RunView }) {
  const now = useNow(1000);
  return <StatusPill state={runDisplay(run, now)} title={run.problem} />;
}

const COLUMNS: readonly Column<RunView>[] = [
  {
    id: 'run',
    header: 'Run',
    width: { flex: 1, min: 160 },
    render: (r) => (
      <span className="mono" title={r.run_id}>
        {r.run_id}
      </span>
    ),
  },
  {
    id: 'status',
    header: 'Status',
    width: 120,
    essential: true,
    render: (r) => <RunStatus run={r} />,
  },
  {
    id: 'workflow',
    header: 'Workflow',
    width: 140,
    dropOrder: 4,
    render: (r) => r.workflow_id ?? <span className="dim">—</span>,
  },
  {
    id: 'worker',
    header: 'Worker',
    width: 130,
    dropOrder: 1,
    render: (r) => r.worker_id ?? <span className="dim">—</span>,
  },
  {
    id: 'attempt',
    header: 'Attempt',
    width: 72,
    // The detail lists the attempts; with it open, these counts go first.
    dropOrder: 5,
    align: 'right',
    render: (r) => String(r.attempt ?? '—'),
  },
  {
    id: 'steps',
    header: 'Steps',
    width: 64,
    dropOrder: 6,
    align: 'right',
    render: (r) => String(r.checkpoint_count),
  },
  {
    id: 'last',
    header: 'Last step',
    width: 140,
    dropOrder: 3,
    render: (r) => r.last_step_id ?? <span className="dim">—</span>,
  },
  {
    id: 'lease',
    header: 'Lease',
    width: 150,
    render: (r) =>
      r.status && ['succeeded', 'failed', 'cancelled'].includes(r.status) ? (
        <span className="dim">released</span>
      ) : (
        <Countdown targetMs={r.lease_expires_at_ms} />
      ),
  },
  {
    id: 'updated',
    header: 'Updated',
    width: 96,
    dropOrder: 2,
    render: (r) => <Ago sinceMs={r.updated_at_ms} />,
  },
];

export function RunsView() {
  const { ui } = useServices();
  const runs = useMonitor((s) => s.entities.run);
  const group = useUi((s) => s.runGroup);
  const now = useNow(group === 'all' ? 86_400_000 : 1000);
  const values = useMemo(() => [...runs.values()], [runs]);
  const rows = rowsOf(values, group, now);
  const countNow = useNow(1000);
  const counts = useMemo(() => runGroupCounts(values, countNow), [values, countNow]);
  const { selected, open, detailRef, listRef, onClose, table } = useDetailFocus('runs');
  return (
    <ListViewFrame
      title="Runs"
      count={
        group === 'all'
          ? formatCount(rows.length)
          : `${formatCount(rows.length)} of ${formatCount(values.length)}`
      }
      controls={
        <SegmentedControl
          label="Status"
          options={['all', ...RUN_GROUPS].map((g) => ({
            value: g,
            label: (
              <>
                {g} <span className="dim">{g === 'all' ? values.length : (counts[g] ?? 0)}</span>
              </>
            ),
          }))}
          value={group}
          onChange={(g) => ui.getState().setRunGroup(g)}
        />
      }
      listRef={listRef}
      detail={
        open && selected ? <RunDetail runKey={selected} ref={detailRef} onClose={onClose} /> : null
      }
    >
      <VirtualTable
        label="Runs"
        columns={COLUMNS}
        rows={rows}
        rowKey={(r) => r.key}
        {...table}
        empty={
          values.length === 0 ? (
            <EmptyState title="No durable runs." command="baton run start build-42 --worker w1">
              A run appears when a worker starts one:
            </EmptyState>
          ) : (
            <EmptyState title={`No ${group} runs.`} />
          )
        }
      />
    </ListViewFrame>
  );
}

function RunDetail({
  runKey,
  onClose,
  ref,
}: {
  runKey: string;
  onClose(): void;
  ref: Ref<HTMLElement>;
}) {
  const { client } = useServices();
  const run = useMonitor(
    (s) =>
      s.entities.run.get(runKey) ?? [...s.entities.run.values()].find((r) => r.run_id === runKey),
  );
  const lease = useMonitor((s) =>
    run?.lease_id
      ? [...s.entities.lease.values()].find(
          (l) => l.record?.token === run.lease_id || l.lock_path.includes(`runs/${run.run_id}/`),
        )
      : undefined,
  );
  const shown = useLastKnown(run);
  const refresh = useThrottled(run, 1500);
  const detail = useRequest(
    () => client.runDetail({ run_id: shown?.run_id ?? runKey }),
    [shown?.run_id ?? runKey],
    refresh,
  );
  const now = useNow(1000);
  if (!shown) return <MissingDetail noun="Run" ref={ref} onClose={onClose} />;
  const duration = runDurationMs(shown, now);
  return (
    <DetailPane
      ref={ref}
      onClose={onClose}
      title={<span className="mono">{shown.run_id}</span>}
      actions={<RunStatus run={shown} />}
    >
      <KeyValues
        rows={[
          ['Workflow', shown.workflow_id],
          [
            'Worker',
            shown.worker_id ? <RevealLink view="agents" target={shown.worker_id} /> : undefined,
          ],
          ['Attempt', shown.attempt !== undefined ? String(shown.attempt) : undefined],
          [
            'Lease',
            <>
              {shown.lease_state}{' '}
              {shown.lease_expires_at_ms ? (
                <Countdown targetMs={shown.lease_expires_at_ms} />
              ) : null}
            </>,
          ],
          lease ? ['Lease holder', lease.holder ?? lease.record?.owner.id] : null,
          ['Started', shown.started_at_ms ? <Ago sinceMs={shown.started_at_ms} /> : undefined],
          ['Updated', shown.updated_at_ms ? <Ago sinceMs={shown.updated_at_ms} /> : undefined],
          shown.finished_at_ms ? ['Finished', formatTimestamp(shown.finished_at_ms)] : null,
          duration !== undefined ? ['Duration', formatDuration(duration)] : null,
          shown.problem
            ? ['Problem', <span className="tone-text-diag">{shown.problem}</span>]
            : null,
        ]}
      />
      <Section title="Steps across attempts" count={detail.data?.checkpoints.length}>
        {detail.at === 'error' ? (
          <p className="tone-text-bad">Could not load steps: {detail.message}</p>
        ) : null}
        {detail.data ? (
          <StepTimeline lanes={runLanes(detail.data.checkpoints, detail.data.attempts, shown)} />
        ) : (
          <p className="dim">Loading…</p>
        )}
      </Section>
      {shown.error !== undefined ? (
        <Section title="Error">
          <JsonBlock value={shown.error} />
        </Section>
      ) : null}
      {shown.output !== undefined ? (
        <Section title="Output">
          <JsonBlock value={shown.output} />
        </Section>
      ) : null}
    </DetailPane>
  );
}

/**
 * Steps laid out per attempt: each attempt a lane with its steps in commit order, replayed steps
 * (carried over from an earlier attempt on resume) marked, so a resume is visible at a glance.
 */
function StepTimeline({ lanes }: { lanes: readonly Lane[] }) {
  if (lanes.length === 0) return <p className="dim">No step committed yet.</p>;
  return (
    <ol className="attempts">
      {lanes.map((lane, i) => {
        const steps = lane.steps;
        return (
          <li key={lane.attempt} className="attempt">
            <div className="attempt-head">
              <strong>Attempt {lane.attempt}</strong>{' '}
              <span className="dim">by {lane.worker_id}</span>
              {i > 0 ? <span className="tag">resumed</span> : null}
              {lane.first_ms ? (
                <span className="dim small">
                  {' '}
                  {formatClock(lane.first_ms)}–{formatClock(lane.last_ms)}
                </span>
              ) : null}
            </div>
            <ol className="steps">
              {steps.length === 0 ? (
                <li className="dim">no step committed in this attempt</li>
              ) : null}
              {steps.map((s) => (
                <li
                  key={`${s.attempt}:${s.sequence}`}
                  className={s.replay ? 'step replay' : 'step'}
                  title={`${s.step_id} #${s.sequence} committed ${formatTimestamp(s.committed_at_ms)}${s.replay ? ' (replayed from an earlier attempt)' : ''}`}
                >
                  <span className="step-seq dim">{s.sequence}</span>
                  <span className="step-id">{s.step_id}</span>
                  {s.replay ? <span className="tag">replayed</span> : null}
                  <span className="dim small">{formatClock(s.committed_at_ms)}</span>
                </li>
              ))}
            </ol>
          </li>
        );
      })}
    </ol>
  );
}
