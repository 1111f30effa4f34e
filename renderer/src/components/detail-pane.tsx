import { forwardRef, type ReactNode } from 'react';

/**
 * The detail beside a list. It is a sibling of the list (the list never unmounts), so opening
 * and closing it keeps the list's scroll position. Focusable, so Enter on a row can move there.
 */
export const DetailPane = forwardRef<
  HTMLElement,
  { title: ReactNode; onClose(): void; children: ReactNode; actions?: ReactNode }
>(function DetailPane({ title, onClose, children, actions }, ref) {
  return (
    <aside
      ref={ref}
      className="detail"
      tabIndex={-1}
      aria-label="Detail"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header className="detail-header">
        <h2 className="detail-title">{title}</h2>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label="Close detail"
          title="Close (Esc)"
        >
          ×
        </button>
      </header>
      {actions ? <div className="detail-actions">{actions}</div> : null}
      <div className="detail-body">{children}</div>
    </aside>
  );
});

export function Section({
  title,
  children,
  count,
}: {
  title: string;
  children: ReactNode;
  count?: number;
}) {
  return (
    <section className="detail-section">
      <h3>
        {title}
        {count !== undefined ? <span className="count">{count}</span> : null}
      </h3>
      {children}
    </section>
  );
}
