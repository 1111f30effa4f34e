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
  /** Fixed pixels, or a share of the remaining width with a minimum. */
  width: number | { flex: number; min: number };
  align?: 'right';
  /**
   * Columns with a drop order give way, highest first, when the table is too narrow for all of
   * them (e.g. with the detail pane open), rather than pushing later columns out of sight.
   */
  dropOrder?: number;
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

/** Drop columns by their drop order until the minimum widths fit (0: not measured yet, keep all). */
export function fittingColumns<T>(
  columns: readonly Column<T>[],
  containerPx: number,
): readonly Column<T>[] {
  if (containerPx <= 0) return columns;
  let shown = columns;
  const droppable = columns
    .filter((c) => c.dropOrder !== undefined)
    .sort((a, b) => b.dropOrder! - a.dropOrder!);
  for (const column of droppable) {
    const total = shown.reduce((sum, c) => sum + minWidth(c as Column<never>), 0);
    if (total <= containerPx) break;
    shown = shown.filter((c) => c !== column);
  }
  return shown;
}

/** Fixed columns keep their width; flexible ones share the rest by weight, never under their minimum. */
export function columnWidths(
  columns: readonly Column<unknown>[] | readonly Column<never>[],
  containerPx: number,
): number[] {
  const cols = columns as readonly Column<unknown>[];
  const fixed = cols.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 0), 0);
  const flexTotal = cols.reduce(
    (sum, c) => sum + (typeof c.width === 'number' ? 0 : c.width.flex),
    0,
  );
  const rest = Math.max(0, containerPx - fixed);
  return cols.map((c) =>
    typeof c.width === 'number'
      ? c.width
      : Math.max(c.width.min, Math.floor((rest * c.width.flex) / (flexTotal || 1))),
  );
}
