import { describe, expect, it } from 'vitest';
import {
  columnWidths,
  FLEX_FLOOR_PX,
  fittingColumns,
  type Column,
} from '../../renderer/src/components/virtual-table.tsx';

const render = () => null;
const col = (id: string, width: Column<unknown>['width'], dropOrder?: number): Column<unknown> => ({
  id,
  header: id,
  width,
  render,
  ...(dropOrder !== undefined ? { dropOrder } : {}),
});
const essential = (c: Column<unknown>): Column<unknown> => ({ ...c, essential: true });
const ids = (cols: readonly Column<unknown>[]) => cols.map((c) => c.id);

// The columns of the Attention and Leases views as they are declared (widths, drop orders,
// which are essential).
const ATTENTION = [
  essential(col('severity', 112)),
  col('item', { flex: 3, min: 200 }),
  col('age', 90),
  essential(col('action', { flex: 1, min: 150, max: 250 })),
];
const LEASES = [
  col('resource', { flex: 1, min: 180 }),
  col('holder', 150),
  col('liveness', 112, 1),
  col('run', 110, 4),
  essential(col('state', 146)),
  col('acquired', 100, 3),
  essential(col('expires', 150)),
  col('renewals', 82, 2),
];

describe('table columns on a narrow list', () => {
  it('keeps every column when there is room', () => {
    expect(ids(fittingColumns(ATTENTION, 1200))).toEqual(['severity', 'item', 'age', 'action']);
    expect(fittingColumns(LEASES, 1400)).toHaveLength(LEASES.length);
  });

  it('Attention (detail open at 1000 px): drops "For", keeps severity and the action, and the title readable', () => {
    const shown = fittingColumns(ATTENTION, 480);
    expect(ids(shown)).toEqual(['severity', 'item', 'action']);
    // The action gives way to its minimum so the title keeps what makes rows tell apart.
    expect(columnWidths(shown, 480)).toEqual([112, 218, 150]);
  });

  it('a flexible column stops at its maximum and the rest goes to the others', () => {
    const shown = fittingColumns(ATTENTION, 1400);
    expect(columnWidths(shown, 1400)).toEqual([112, 948, 90, 250]);
  });

  it('Leases (detail open at 1000 px): drops by drop order, then the holder; state and expiry stay', () => {
    const shown = fittingColumns(LEASES, 480);
    expect(ids(shown)).toEqual(['resource', 'state', 'expires']);
    expect(columnWidths(shown, 480)).toEqual([184, 146, 150]);
  });

  it('squeezes a flexible column to its floor before dropping more, never an essential one', () => {
    const shown = fittingColumns(ATTENTION, 200);
    expect(ids(shown)).toEqual(['severity', 'item', 'action']);
    expect(columnWidths(shown, 200)[1]).toBe(FLEX_FLOOR_PX);
    expect(columnWidths(shown, 200)[2]).toBe(150); // essential: not under its minimum
  });

  it('honours an explicit essential flag over its drop order', () => {
    const cols = [col('name', { flex: 1, min: 100 }), { ...col('x', 200, 1), essential: true }];
    expect(ids(fittingColumns(cols, 250))).toEqual(['name', 'x']);
  });
});
