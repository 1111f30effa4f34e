import { useCallback, useRef } from 'react';
import { useServices } from '../app-context.tsx';
import type { ViewId } from '../state/selectors.ts';

/**
 * Row selection for a view: a click selects (detail opens beside the list); Enter also moves
 * focus into the detail. Esc in the detail returns focus to the list, where it was.
 */
export function useDetailFocus(view: ViewId) {
  const { ui } = useServices();
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
  return { detailRef, listRef, onSelect, onClose };
}
