import { useRef, type KeyboardEvent } from 'react';
import { useMonitorShallow, useNow, useServices, useUi } from '../app-context.tsx';
import { formatCount } from '../format/duration.ts';
import { railCounts, type ViewId } from '../state/selectors.ts';
import { VIEWS } from '../state/ui-store.ts';

/**
 * The views, each with the number of rows it shows (computed by the same selectors the views
 * use, so the two cannot disagree). ↑↓ / j k move between views.
 */
export function Rail() {
  const { ui } = useServices();
  const view = useUi((s) => s.view);
  const auditCount = useUi((s) => s.auditCount);
  const now = useNow(1000);
  const counts = useMonitorShallow((s) => railCounts(s.entities, now));
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

  const countFor = (id: ViewId): number | undefined => (id === 'audit' ? auditCount : counts[id]);
  return (
    <nav className="rail" aria-label="Views">
      <ul ref={listRef} role="tablist" aria-orientation="vertical" onKeyDown={onKeyDown}>
        {VIEWS.map((v) => {
          const count = countFor(v.id);
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
