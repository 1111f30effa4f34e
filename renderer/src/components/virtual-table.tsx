import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useId,
  useMemo,
  useRef,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useElementWidth } from './use-element-width.ts';

export type Column<T> = {
  id: string;
  header: string;
  /** The header's full meaning on hover, when `header` is abbreviated. */
  headerTitle?: string;
  /** Fixed pixels, or a share of the remaining width with a minimum (and a maximum, if any). */
  width: number | { flex: number; min: number; max?: number };
  align?: 'right';
  /**
   * Columns with a drop order give way, highest first, when the table is too narrow for all of
   * them (e.g. with the detail pane open), rather than pushing later columns out of sight.
   */
  dropOrder?: number;
  /**
   * Never dropped, never squeezed: the row's state or the action it asks for. A view that clips
   * its state pill or hides the button the operator came for has failed at its one job.
   */
  essential?: boolean;
  /** Clicking the header sorts by this key, when the table is sortable. */
  sortKey?: string;
  render(row: T, widthPx: number): ReactNode;
};

export type VirtualTableProps<T> = {
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey(row: T): string;
  selectedKey: string | undefined;
  /** `open` is true for Enter / double-click: show the detail and move focus to it. */
  onSelect(key: string, open: boolean): void;
  onEscape?(): void;
  rowClass?(row: T): string | undefined;
  rowHeight?: number;
  empty: ReactNode;
  sort?: { by: string; dir: 1 | -1 };
  onSort?(by: string): void;
};

const HEADER_PX = 30;

/**
 * The one table of the app: virtualized (10,000 rows cost what 40 do), keyboard driven
 * (↑↓ / j k, Home/End, PgUp/PgDn, Enter opens), with a sticky header. It stays mounted while
 * the detail pane opens beside it, so selecting a row never loses the scroll position.
 */
export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const { rows, rowKey, selectedKey, onSelect, rowHeight = 30 } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scrollRef);
  const idBase = useId();

  const columns = useMemo(() => fittingColumns(props.columns, width), [props.columns, width]);
  const widths = useMemo(() => columnWidths(columns, width), [columns, width]);
  const template = widths.map((w) => `${w}px`).join(' ');

  // TanStack Virtual hands back fresh functions by design; nothing here relies on memoising them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    // The sticky header sits in the flow above the rows: the list starts HEADER_PX down.
    scrollMargin: HEADER_PX,
    scrollPaddingStart: HEADER_PX,
    // Rendering in the scroll handler (flushSync) costs frames on long lists; a frame late is invisible.
    useFlushSync: false,
    getItemKey: (index) => rowKey(rows[index] as T),
  });

  const selectedIndex = useMemo(
    () => (selectedKey === undefined ? -1 : rows.findIndex((r) => rowKey(r) === selectedKey)),
    [rows, rowKey, selectedKey],
  );

  const move = useCallback(
    (index: number, open = false) => {
      if (rows.length === 0) return;
      const clamped = Math.max(0, Math.min(rows.length - 1, index));
      onSelect(rowKey(rows[clamped] as T), open);
      virtualizer.scrollToIndex(clamped, { align: 'auto' });
    },
    [rows, rowKey, onSelect, virtualizer],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / rowHeight) - 1);
    const at = selectedIndex;
    const handled = (() => {
      switch (event.key) {
        case 'ArrowDown':
        case 'j':
          move(at < 0 ? 0 : at + 1);
          return true;
        case 'ArrowUp':
        case 'k':
          move(at < 0 ? 0 : at - 1);
          return true;
        case 'Home':
          move(0);
          return true;
        case 'End':
          move(rows.length - 1);
          return true;
        case 'PageDown':
          move(at + page);
          return true;
        case 'PageUp':
          move(at - page);
          return true;
        case 'Enter':
          if (at >= 0) move(at, true);
          return true;
        case 'Escape':
          props.onEscape?.();
          return props.onEscape !== undefined;
        default:
          return false;
      }
    })();
    if (handled) event.preventDefault();
  };

  const total = widths.reduce((sum, w) => sum + w, 0);
  const style = { '--cols': template, '--row-width': `max(100%, ${total}px)` } as CSSProperties;
  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={scrollRef}
      className="vtable"
      role="grid"
      aria-label={props.label}
      aria-rowcount={rows.length + 1}
      aria-activedescendant={selectedIndex >= 0 ? `${idBase}-r${selectedIndex}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      style={style}
    >
      <div className="vtable-header" role="row" style={{ height: HEADER_PX }}>
        {columns.map((column) => {
          const sorted = props.sort && column.sortKey === props.sort.by;
          return (
            <div
              key={column.id}
              role="columnheader"
              className={column.align === 'right' ? 'cell right' : 'cell'}
              title={column.headerTitle}
              aria-sort={sorted ? (props.sort!.dir === 1 ? 'ascending' : 'descending') : undefined}
            >
              {column.sortKey && props.onSort ? (
                <button
                  type="button"
                  className="sort-button"
                  onClick={() => props.onSort!(column.sortKey!)}
                >
                  {column.header}
                  {sorted ? (
                    <span aria-hidden="true">{props.sort!.dir === 1 ? ' ↑' : ' ↓'}</span>
                  ) : null}
                </button>
              ) : (
                column.header
              )}
            </div>
          );
        })}
      </div>
      {rows.length === 0 ? (
        <div className="vtable-empty">{props.empty}</div>
      ) : (
        <div className="vtable-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index] as T;
            const key = rowKey(row);
            return (
              <TableRow
                key={key}
                id={`${idBase}-r${item.index}`}
                row={row}
                rowKey={key}
                index={item.index}
                top={item.start - HEADER_PX}
                height={rowHeight}
                columns={columns as readonly Column<unknown>[]}
                widths={widths}
                selected={key === selectedKey}
                extraClass={props.rowClass?.(row)}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      )}
    </div>
  );
}

type RowProps = {
  id: string;
  row: unknown;
  rowKey: string;
  index: number;
  top: number;
  height: number;
  columns: readonly Column<unknown>[];
  widths: readonly number[];
  selected: boolean;
  extraClass: string | undefined;
  onSelect(key: string, open: boolean): void;
};

const TableRow = memo(function TableRow(p: RowProps) {
  return (
    <div
      id={p.id}
      role="row"
      aria-rowindex={p.index + 2}
      aria-selected={p.selected}
      className={`vrow${p.selected ? ' selected' : ''}${p.index % 2 ? ' odd' : ''}${p.extraClass ? ` ${p.extraClass}` : ''}`}
      style={{ transform: `translateY(${p.top}px)`, height: p.height }}
      onClick={() => p.onSelect(p.rowKey, false)}
      onDoubleClick={() => p.onSelect(p.rowKey, true)}
    >
      {p.columns.map((column, i) => (
        <div
          key={column.id}
          role="gridcell"
          data-col={column.id}
          className={column.align === 'right' ? 'cell right' : 'cell'}
        >
          {column.render(p.row, p.widths[i] ?? 100)}
        </div>
      ))}
    </div>
  );
});

function minWidth(c: Column<never>): number {
  return typeof c.width === 'number' ? c.width : c.width.min;
}

function isEssential(c: Column<never>): boolean {
  return c.essential === true;
}

/**
 * How far a flexible column (a name, a path, a title: text that ellipsizes) may shrink below its
 * minimum before a fixed column has to go: a dozen characters still say which row this is.
 */
export const FLEX_FLOOR_PX = 96;

function squeezedWidth(c: Column<never>): number {
  if (typeof c.width === 'number') return c.width;
  return isEssential(c) ? c.width.min : Math.min(c.width.min, FLEX_FLOOR_PX);
}

const total = (cols: readonly Column<never>[], width: (c: Column<never>) => number) =>
  cols.reduce((sum, c) => sum + width(c), 0);

/**
 * The columns that fit `containerPx` (0: not measured yet, keep all). Whole columns go before
 * any is clipped, least important first:
 *   1. by the view's drop order, highest first, until the minimum widths fit;
 *   2. then the remaining fixed columns that are neither essential nor ranked, the one nearest
 *      the first flexible column first (the details of the row's name: holder, age), until the
 *      minimum widths fit: a row's name must stay readable before its details do;
 *   3. then, if still too wide, the flexible columns may shrink to FLEX_FLOOR_PX.
 * Essential columns and flexible ones are never dropped: past that, the table scrolls sideways.
 */
export function fittingColumns<T>(
  columns: readonly Column<T>[],
  containerPx: number,
): readonly Column<T>[] {
  if (containerPx <= 0) return columns;
  let shown = columns as readonly Column<never>[];
  const droppable = shown
    .filter((c) => c.dropOrder !== undefined && c.essential !== true)
    .sort((a, b) => b.dropOrder! - a.dropOrder!);
  for (const column of droppable) {
    if (total(shown, minWidth) <= containerPx) break;
    shown = shown.filter((c) => c !== column);
  }
  for (const column of implicitDrops(shown)) {
    if (total(shown, minWidth) <= containerPx) break;
    shown = shown.filter((c) => c !== column);
  }
  return shown as readonly Column<T>[];
}

/** Step 2's candidates in the order they go: nearest the first flexible column first. */
function implicitDrops(columns: readonly Column<never>[]): Column<never>[] {
  const anchor = Math.max(
    0,
    columns.findIndex((c) => typeof c.width !== 'number'),
  );
  return columns
    .map((c, i) => ({ c, distance: Math.abs(i - anchor) }))
    .filter(({ c }) => typeof c.width === 'number' && c.dropOrder === undefined && !isEssential(c))
    .sort((a, b) => a.distance - b.distance)
    .map(({ c }) => c);
}

/**
 * Fixed columns keep their width; flexible ones share the rest by weight, each held between its
 * minimum and maximum (what one cannot take goes to the others), while the minimums fit; else
 * down to FLEX_FLOOR_PX, essential ones excepted (see fittingColumns).
 */
export function columnWidths(
  columns: readonly Column<unknown>[] | readonly Column<never>[],
  containerPx: number,
): number[] {
  const cols = columns as readonly Column<never>[];
  const fixed = cols.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 0), 0);
  const flexMin = cols.reduce((sum, c) => sum + (typeof c.width === 'number' ? 0 : c.width.min), 0);
  const rest = Math.max(0, containerPx - fixed);
  if (containerPx > 0 && rest < flexMin) {
    const flexTotal = cols.reduce(
      (sum, c) => sum + (typeof c.width === 'number' ? 0 : c.width.flex),
      0,
    );
    return cols.map((c) => {
      if (typeof c.width === 'number') return c.width;
      const share = Math.floor((rest * c.width.flex) / (flexTotal || 1));
      return Math.max(squeezedWidth(c), share);
    });
  }
  const flexible = shareByWeight(cols, rest);
  return cols.map((c, i) => (typeof c.width === 'number' ? c.width : (flexible.get(i) ?? 0)));
}

/**
 * Split `rest` among the flexible columns by weight, water-filling: a column whose share falls
 * under its minimum or over its maximum is pinned there and the others share what is left.
 */
function shareByWeight(cols: readonly Column<never>[], rest: number): Map<number, number> {
  const widths = new Map<number, number>();
  let open = cols.flatMap((c, i) => (typeof c.width === 'number' ? [] : [{ i, w: c.width }]));
  let left = rest;
  for (;;) {
    const weight = open.reduce((sum, o) => sum + o.w.flex, 0) || 1;
    const pinned = open.find(({ w }) => {
      const share = (left * w.flex) / weight;
      return share < w.min || (w.max !== undefined && share > w.max);
    });
    if (!pinned) break;
    const share = (left * pinned.w.flex) / weight;
    const width = share < pinned.w.min ? pinned.w.min : (pinned.w.max as number);
    widths.set(pinned.i, width);
    left -= width;
    open = open.filter((o) => o !== pinned);
  }
  const weight = open.reduce((sum, o) => sum + o.w.flex, 0) || 1;
  for (const { i, w } of open) widths.set(i, Math.floor((Math.max(0, left) * w.flex) / weight));
  return widths;
}
