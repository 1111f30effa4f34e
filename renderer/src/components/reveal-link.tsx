import type { ReactNode } from 'react';
import { useServices } from '../app-context.tsx';
import type { ViewId } from '../state/selectors.ts';

/**
 * A link that opens another view with one record selected (a lease's run, a handoff's agents).
 * It shows the record's key unless given something else to show.
 */
export function RevealLink({
  view,
  target,
  children,
}: {
  view: ViewId;
  target: string;
  children?: ReactNode;
}) {
  const { ui } = useServices();
  return (
    <button type="button" className="link" onClick={() => ui.getState().reveal(view, target)}>
      {children ?? target}
    </button>
  );
}
