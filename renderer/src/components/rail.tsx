import { useRef, type KeyboardEvent } from 'react';
import { useMonitorShallow, useNow, useServices, useUi } from '../app-context.tsx';
import { formatCount } from '../format/duration.ts';
import { liveUntil, railCounts } from '../state/selectors.ts';
import { VIEWS } from '../state/ui-store.ts';

/**
 * The views, each with the number of rows it shows (computed by the same selectors the views
 * use, so the two cannot disagree). ↑↓ / j k move between views. Timeline and Audit have no
 * count: they are queries over the history, not sets in the live model, so a count for them
 * could only appear once something queried it (e.g. when the view was opened).
 */
export function Rail() {
  const { ui } = useServices();
  const view = useUi((s) => s.view);
  const now = useNow(1000);
  const counts = useMonitorShallow((s) => railCounts(s.entities, now, liveUntil(s, now)));
  const listRef = useRef<HTMLUListElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const index = VIEWS.findIndex((v) => v.id === view);
    let next = -1;
    if (event.key === 'ArrowDown' || event.key === 'j')
      next = Math.min(VIEWS.length - 1, index + 1);
    else if (event.key === 'ArrowUp' || event.key === 'k') next = Math.max(0, index - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = VIEWS.length - 1;
    if (next < 0) return;
    event.preventDefault();
    const id = VIEWS[next]!.id;
    ui.getState().setView(id);
    listRef.current?.querySelector<HTMLElement>(`[data-view="${id}"]`)?.focus();
  };

  return (
    <nav className="rail" aria-label="Views">
      <ul ref={listRef} role="tablist" aria-orientation="vertical" onKeyDown={onKeyDown}>
        {VIEWS.map((v) => {
          const count: number | undefined = counts[v.id];
          const selected = v.id === view;
          return (
            <li key={v.id} role="presentation">
              <button
                type="button"
                role="tab"
                data-view={v.id}
                aria-selected={selected}
                tabIndex={selected ? 0 : -1}
                className={`rail-item${selected ? ' selected' : ''}${v.id === 'attention' && (count ?? 0) > 0 ? ' has-attention' : ''}`}
                onClick={() => ui.getState().setView(v.id)}
              >
                <span className="rail-label">{v.label}</span>
                {count !== undefined ? (
                  <span className="rail-count" data-testid={`count-${v.id}`}>
                    {formatCount(count)}
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
