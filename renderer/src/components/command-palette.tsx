import { useEffect, useMemo, useRef, useState } from 'react';
import { useMonitor, useServices, useUi } from '../app-context.tsx';
import { paletteEntries, searchPalette } from '../state/palette-search.ts';
import { PathText } from './path-text.tsx';

/** Ctrl/Cmd+K: type part of a lease path, agent, room, run or handoff id; Enter jumps there. */
export function CommandPalette() {
  const { ui } = useServices();
  const open = useUi((s) => s.paletteOpen);
  const entities = useMonitor((s) => s.entities);
  const ref = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const historyUnavailable = useMonitor((s) => s.status?.history_problem !== undefined);
  const entries = useMemo(
    () => (open ? paletteEntries(entities, historyUnavailable) : []),
    [open, entities, historyUnavailable],
  );
  const results = useMemo(() => searchPalette(entries, query), [entries, query]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setQuery('');
      setActive(0);
      dialog.showModal();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  const close = () => ui.getState().setPaletteOpen(false);
  const go = (index: number) => {
    const entry = results[index];
    if (!entry) return;
    close();
    ui.getState().reveal(entry.view, entry.key);
    focusRevealed();
  };

  return (
    <dialog
      ref={ref}
      className="dialog palette"
      aria-label="Jump to"
      onCancel={close}
      onClose={() => open && close()}
    >
      {open ? (
        <>
          <input
            className="palette-input"
            autoFocus
            value={query}
            placeholder="Jump to a lease, agent, room, run or handoff…"
            aria-label="Search"
            aria-controls="palette-results"
            aria-activedescendant={results[active] ? `palette-${active}` : undefined}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                setActive((a) => Math.min(results.length - 1, a + 1));
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                setActive((a) => Math.max(0, a - 1));
              } else if (e.key === 'Enter') {
                e.preventDefault();
                go(active);
              }
            }}
          />
          <ul id="palette-results" className="palette-results" role="listbox">
            {results.length === 0 ? (
              <li className="dim palette-empty">Nothing matches “{query}”.</li>
            ) : null}
            {results.map((entry, i) => (
              <li
                key={`${entry.kind}:${entry.key}`}
                id={`palette-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                onMouseMove={() => setActive(i)}
                onClick={() => go(i)}
              >
                <span className="palette-kind">{entry.kind}</span>
                <PathText path={entry.label} widthPx={360} />
                <span className="palette-hint dim">{entry.hint}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </dialog>
  );
}

/** Frames to wait for the revealed view to render its detail (it mounts on the next commit). */
const REVEAL_FRAMES = 10;

/**
 * Move focus to what the jump opened: its detail, else the view's list (which has the row
 * selected). Closing the dialog hands focus back to whatever had it before (often <body> or a
 * rail tab), where Esc cannot close the detail the operator is now looking at. The detail
 * mounts a frame or two later, so this waits for it.
 */
export function focusRevealed(frames = REVEAL_FRAMES): void {
  requestAnimationFrame(() => {
    const target =
      document.querySelector<HTMLElement>('.view-body .detail') ??
      (frames <= 0 ? document.querySelector<HTMLElement>('.view-body [role=grid]') : null);
    if (target) target.focus();
    else focusRevealed(frames - 1);
  });
}
