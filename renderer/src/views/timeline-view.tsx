import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import { useMonitor, useServices, useUi } from '../app-context.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { SegmentedControl, type Segment } from '../components/segmented-control.tsx';
import { useRequest } from '../components/use-request.ts';
import { VirtualTable, type Column } from '../components/virtual-table.tsx';
import { formatAbsolute, formatClock, formatCount } from '../format/duration.ts';
import { formatBucketSpan, formatBucketWidth, formatTimeTicks } from '../format/time-axis.ts';
import { useElementWidth } from '../components/use-element-width.ts';
import { timelineBucket, timelineWindow } from '../state/timeline-window.ts';
import { SERIES, seriesValues } from './timeline-series.ts';

/** The ranges the chart can show, in ms. */
const RANGES = [
  { label: '1 h', value: 3_600_000 },
  { label: '6 h', value: 6 * 3_600_000 },
  { label: '24 h', value: 24 * 3_600_000 },
  { label: '7 d', value: 7 * 24 * 3_600_000 },
] as const satisfies readonly Segment<number>[];

type Transition = {
  ts_ms: number;
  entity: string;
  key: string;
  kind: string;
  detail?: string | undefined;
};

const T_COLUMNS: readonly Column<Transition>[] = [
  {
    id: 'ts',
    header: 'Time',
    width: 90,
    render: (t) => <time title={formatAbsolute(t.ts_ms)}>{formatClock(t.ts_ms)}</time>,
  },
  {
    id: 'kind',
    header: 'Transition',
    width: 190,
    render: (t) => <span className="mono">{t.kind}</span>,
  },
  {
    id: 'key',
    header: 'Subject',
    width: { flex: 1, min: 200 },
    render: (t) => (
      <span className="mono" title={t.key}>
        {t.key}
      </span>
    ),
  },
  {
    id: 'detail',
    header: 'Detail',
    width: { flex: 1, min: 160 },
    render: (t) => <span title={t.detail}>{t.detail ?? ''}</span>,
  },
];

export function TimelineView() {
  const { client, ticker } = useServices();
  const [range, setRange] = useState<number>(RANGES[0].value);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    // History moves slowly; a refresh every 15 s keeps the right edge current without load.
    const timer = setInterval(() => setTick((t) => t + 1), 15_000);
    return () => clearInterval(timer);
  }, []);
  // Until the first reply from the server the offset is unknown: ask again once it is.
  const clockKnown = useMonitor((s) => s.clock.samples > 0);
  const bucket = timelineBucket(range);
  const result = useRequest(
    () => client.timeline(timelineWindow(ticker.now(), range, bucket)),
    [range, bucket, clockKnown],
    tick,
  );
  const [selected, setSelected] = useState<string | undefined>();
  const transitions = useMemo(
    () => [...(result.data?.transitions ?? [])].sort((a, b) => b.ts_ms - a.ts_ms),
    [result.data],
  );
  const buckets = result.data?.buckets ?? [];
  return (
    <div className="view">
      <div className="view-header">
        <h1>Timeline</h1>
        <SegmentedControl label="Range" options={RANGES} value={range} onChange={setRange} />
        {result.at === 'error' ? (
          <span className="tone-text-bad">Could not load: {result.message}</span>
        ) : null}
      </div>
      <div className="timeline-body">
        <div className="charts">
          {buckets.length === 0 && result.at !== 'loading' ? (
            <EmptyState title="No history yet.">
              The monitor records leases, agents, messages and attention as it watches; the chart
              fills in over time.
            </EmptyState>
          ) : (
            SERIES.map((s) => (
              <Chart
                key={s.id}
                label={s.label(formatBucketWidth(bucket))}
                xs={buckets.map((b) => b.t_ms / 1000)}
                ys={seriesValues(buckets, s.id, bucket, result.data?.recorded_since_ms)}
                bucketMs={bucket}
                withDate={range > 24 * 3_600_000}
              />
            ))
          )}
        </div>
        <div className="transitions">
          <h2 className="section-title">
            Transitions <span className="count">{formatCount(transitions.length)}</span>
          </h2>
          <div className="list-area">
            <VirtualTable
              label="Transitions"
              columns={T_COLUMNS}
              rows={transitions}
              rowKey={(t) => `${t.ts_ms}:${t.entity}:${t.key}:${t.kind}`}
              selectedKey={selected}
              onSelect={(k) => setSelected(k)}
              empty={<EmptyState title="No transition in this range." />}
            />
          </div>
        </div>
      </div>
    </div>
  );
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/**
 * One small chart per series (small multiples read better than four scales on one axis). The
 * caption's right side reads the bucket under the cursor (the same one on every chart), else the
 * latest, as its span and value.
 */
function Chart({
  label,
  xs,
  ys,
  bucketMs,
  withDate,
}: {
  label: string;
  xs: number[];
  /** null: not recorded then (drawn as a gap, read as "no data"). */
  ys: (number | null)[];
  bucketMs: number;
  withDate: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useUi((s) => s.theme);
  const width = useElementWidth(ref);
  const [hover, setHover] = useState<number | undefined>();

  useEffect(() => {
    const el = ref.current;
    if (!el || width === 0) return;
    const text = cssVar('--muted');
    const grid = cssVar('--border');
    const accent = cssVar('--accent');
    const opts: uPlot.Options = {
      width,
      height: 150, // the axes take ~70 px of it: this leaves the plot ~80 px
      legend: { show: false },
      cursor: { sync: { key: 'timeline' }, drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        {
          stroke: text,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid },
          // Room for a date line ("2026-11-22") under a tick.
          space: 72,
          values: (_u, splits, _axis, _space, incr) =>
            formatTimeTicks(
              splits.map((s) => s * 1000),
              incr * 1000,
            ),
          font: '11px system-ui, sans-serif',
        },
        {
          stroke: text,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid },
          size: 48,
          space: 24,
          font: '11px system-ui, sans-serif',
        },
      ],
      series: [
        {},
        { label, stroke: accent, width: 1.5, fill: `${accent}22`, points: { show: false } },
      ],
      hooks: {
        setCursor: [(u) => setHover(u.cursor.idx ?? undefined)],
      },
    };
    plot.current?.destroy();
    plot.current = new uPlot(opts, [xs, ys], el);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
    // Recreate on theme/width change (colours and size); data updates go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [theme, width, label]);

  useEffect(() => {
    plot.current?.setData([xs, ys]);
  }, [xs, ys]);

  const at = hover !== undefined && hover < ys.length ? hover : ys.length - 1;
  const value = ys[at];
  const start = xs[at];
  const span = start === undefined ? undefined : formatBucketSpan(start * 1000, bucketMs, withDate);
  return (
    <figure className="chart">
      <figcaption>
        <span>{label}</span>
        <span data-testid="chart-readout">
          {span ? <span data-testid="chart-span">{span} </span> : null}
          <span className="chart-latest">
            {value === undefined
              ? '—'
              : value === null
                ? 'no data'
                : formatCount(Math.round(value))}
          </span>
        </span>
      </figcaption>
      <div ref={ref} className="chart-canvas" role="img" aria-label={`${label} over time`} />
    </figure>
  );
}
