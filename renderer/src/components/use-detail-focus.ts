import { useCallback, useRef } from 'react';
import { useServices, useUiShallow } from '../app-context.tsx';
import type { ViewId } from '../state/selectors.ts';

/**
 * Row selection for a view: a click selects (detail opens beside the list); Enter also moves
 * focus into the detail. Esc in the detail returns focus to the list, where it was. `table` is
 * what the view's VirtualTable takes to follow it (Esc in the list closes an open detail).
 */
export function useDetailFocus(view: ViewId) {
  const { ui } = useServices();
  const { selected, open } = useUiShallow((s) => ({
    selected: s.selection[view],
    open: s.detailOpen[view] ?? false,
  }));
  const detailRef = useRef<HTMLElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const onSelect = useCallback(
    (key: string, focusDetail: boolean) => {
      ui.getState().select(view, key, true);
      if (focusDetail) requestAnimationFrame(() => detailRef.current?.focus());
    },
    [ui, view],
  );
  const onClose = useCallback(() => {
    ui.getState().closeDetail(view);
    requestAnimationFrame(() =>
      listRef.current?.querySelector<HTMLElement>('[role=grid]')?.focus(),
    );
  }, [ui, view]);
  const table = { selectedKey: selected, onSelect, onEscape: open ? onClose : undefined };
  return { selected, open, detailRef, listRef, onClose, table };
}
