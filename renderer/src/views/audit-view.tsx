import { useEffect, useMemo, useState, type Ref } from 'react';
import type { RequestOutput } from '../../../core/api/contract.ts';
import { useMonitor, useServices, useUi } from '../app-context.tsx';
import { DetailPane, Section } from '../components/detail-pane.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { JsonBlock, KeyValues } from '../components/key-values.tsx';
import { ListViewFrame } from '../components/list-view-frame.tsx';
import { SegmentedControl, type Segment } from '../components/segmented-control.tsx';
import { StatusPill } from '../components/status-pill.tsx';
import { useDetailFocus } from '../components/use-detail-focus.ts';
import { useRequest, useThrottled } from '../components/use-request.ts';
import { VirtualTable, type Column } from '../components/virtual-table.tsx';
import { formatAbsolute, formatCount, formatTimestamp } from '../format/duration.ts';
import type { DisplayState } from '../state/display-state.ts';

type Entry = RequestOutput<'audit'>['entries'][number];

export function auditKey(e: Entry): string {
  return `${e.source}:${e.cursor}`;
}

function resultState(e: Entry): DisplayState {
  if (e.source === 'lifecycle') return { tone: 'info', word: 'lifecycle' };
  if (e.entry.result === 'ok') return { tone: 'ok', word: 'ok' };
  if (e.entry.result === 'refused') return { tone: 'warn', word: 'refused' };
  return { tone: 'bad', word: 'error' };
}

type Source = 'all' | 'operator' | 'lifecycle';
const SOURCES: readonly Segment<Source>[] = (['all', 'operator', 'lifecycle'] as const).map(
  (s) => ({ value: s, label: s }),
);

const COLUMNS: readonly Column<Entry>[] = [
  {
    id: 'ts',
    header: 'Time',
    width: 176,
    render: (e) => (
      <time title={formatAbsolute(e.entry.ts_ms)}>
        {formatTimestamp(e.entry.ts_ms).slice(0, 19)}
      </time>
    ),
  },
  {
    id: 'result',
    header: 'Result',
    width: 104,
    render: (e) => <StatusPill state={resultState(e)} />,
  },
  {
    id: 'action',
    header: 'Action',
    width: 170,
    render: (e) => (
      <span className="mono">{e.source === 'operator' ? e.entry.action : e.entry.kind}</span>
    ),
  },
  {
    id: 'target',
    header: 'Target',
    width: { flex: 1, min: 180 },
    render: (e) => {
      const t = e.source === 'operator' ? e.entry.target : (e.entry.pipeline_id ?? '');
      return (
        <span className="mono" title={t}>
          {t}
        </span>
      );
    },
  },
  {
    id: 'who',
    header: 'By',
    width: 150,
    dropOrder: 2,
    render: (e) =>
      e.source === 'operator' ? e.entry.operator : <span className="dim">pipeline</span>,
  },
  {
    id: 'reason',
    header: 'Reason',
    width: { flex: 1, min: 140 },
    dropOrder: 1,
    render: (e) =>
      e.source === 'operator' && e.entry.reason ? (
        <span title={e.entry.reason}>{e.entry.reason}</span>
      ) : (
        <span className="dim">—</span>
      ),
  },
];

export function AuditView() {
  const { client, ui } = useServices();
  const [source, setSource] = useState<Source>('all');
  const [text, setText] = useState('');
  const focus = useUi((s) => s.auditFocus);
  // The audit log is not pushed: reload when the model moves (an action always moves it).
  const seq = useThrottled(
    useMonitor((s) => s.seq),
    1000,
  );
  const query = useThrottled(text.trim(), 300);
  const result = useRequest(
    () => client.audit({ source, limit: 5000, ...(query ? { text: query } : {}) }),
    [source, query],
    seq,
  );
  const rows = useMemo(() => result.data?.entries ?? [], [result.data]);
  const { selected, open, detailRef, listRef, onClose, table } = useDetailFocus('audit');

  // Arriving from "View audit entry": select the matching line once it is loaded.
  useEffect(() => {
    if (!focus || rows.length === 0) return;
    const match = rows.find(
      (e) =>
        e.source === 'operator' &&
        e.entry.ts_ms === focus.ts_ms &&
        e.entry.action === focus.action &&
        e.entry.target === focus.target,
    );
    if (match) {
      ui.getState().select('audit', auditKey(match), true);
      ui.setState({ auditFocus: undefined });
    }
  }, [focus, rows, ui]);

  const selectedEntry = rows.find((e) => auditKey(e) === selected);
  return (
    <ListViewFrame
      title="Audit"
      count={formatCount(rows.length)}
      controls={
        <>
          <SegmentedControl label="Source" options={SOURCES} value={source} onChange={setSource} />
          <input
            className="filter-input wide"
            placeholder="text…"
            aria-label="Filter audit"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          {result.at === 'error' ? (
            <span className="tone-text-bad">Could not load: {result.message}</span>
          ) : null}
        </>
      }
      listRef={listRef}
      detail={
        open && selectedEntry ? (
          <AuditDetail entry={selectedEntry} ref={detailRef} onClose={onClose} />
        ) : null
      }
    >
      <VirtualTable
        label="Audit entries"
        columns={COLUMNS}
        rows={rows}
        rowKey={auditKey}
        {...table}
        empty={
          result.at === 'loading' ? (
            <p className="dim pad">Loading…</p>
          ) : (
            <EmptyState title="No audit entry yet.">
              Every operator action (release a lease, accept or decline a handoff, acknowledge a
              partial handoff, mark an agent gone, post a message) is recorded here with what it saw
              and what it changed, as are pipeline lifecycle events.
            </EmptyState>
          )
        }
      />
    </ListViewFrame>
  );
}

function AuditDetail({
  entry,
  onClose,
  ref,
}: {
  entry: Entry;
  onClose(): void;
  ref: Ref<HTMLElement>;
}) {
  if (entry.source === 'lifecycle') {
    const e = entry.entry;
    return (
      <DetailPane ref={ref} onClose={onClose} title={<span className="mono">{e.kind}</span>}>
        <KeyValues
          rows={[
            ['Time', formatTimestamp(e.ts_ms)],
            ['Pipeline', e.pipeline_id ?? '—'],
            ['Seq', String(e.seq)],
          ]}
        />
        <Section title="Payload">
          <JsonBlock value={e.payload} />
        </Section>
      </DetailPane>
    );
  }
  const e = entry.entry;
  return (
    <DetailPane
      ref={ref}
      onClose={onClose}
      title={<span className="mono">{e.action}</span>}
      actions={<StatusPill state={resultState(entry)} />}
    >
      <KeyValues
        rows={[
          ['Time', formatTimestamp(e.ts_ms)],
          ['Operator', e.operator],
          ['Target', <span className="mono">{e.target}</span>],
          ['Reason', e.reason],
          ['Message', e.message],
        ]}
      />
      <Section title="Before">
        <JsonBlock value={e.before} />
      </Section>
      <Section title="After">
        <JsonBlock value={e.after} />
      </Section>
    </DetailPane>
  );
}
