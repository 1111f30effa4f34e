import type { ReactNode } from 'react';

/** Says what would appear here and how to make it appear (the line an agent would run). */
export function EmptyState({
  title,
  children,
  command,
}: {
  title: string;
  children?: ReactNode;
  command?: string;
}) {
  return (
    <div className="empty-state" role="status">
      <p className="empty-title">{title}</p>
      {children ? <p className="empty-body">{children}</p> : null}
      {command ? (
        <pre className="empty-command">
          <code>{command}</code>
        </pre>
      ) : null}
    </div>
  );
}
