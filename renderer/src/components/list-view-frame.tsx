import type { ReactNode, Ref } from 'react';

/**
 * The frame every list view shares: a header with the title, the live count (which tests and
 * the rail read) and the view's own controls, then the list with the detail beside it. The
 * detail is a sibling of the list, so opening and closing it keeps the list's scroll position.
 */
export function ListViewFrame({
  title,
  count,
  controls,
  listRef,
  listClassName,
  detail,
  children,
}: {
  title: string;
  count: ReactNode;
  /** Filters, hints and buttons after the count. */
  controls?: ReactNode;
  /** Where focus returns when the detail closes (see useDetailFocus). */
  listRef?: Ref<HTMLDivElement>;
  /** Added to `list-area`, for a view that sizes its list differently. */
  listClassName?: string;
  detail: ReactNode;
  /** The list itself. */
  children: ReactNode;
}) {
  return (
    <div className="view">
      <div className="view-header">
        <h1>{title}</h1>
        <span className="view-count" data-testid="view-count">
          {count}
        </span>
        {controls}
      </div>
      <div className="view-body">
        <div className={listClassName ? `list-area ${listClassName}` : 'list-area'} ref={listRef}>
          {children}
        </div>
        {detail}
      </div>
    </div>
  );
}
