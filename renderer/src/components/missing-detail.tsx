import type { Ref } from 'react';
import { DetailPane } from './detail-pane.tsx';

/**
 * The detail pane for a selected record the model has never held (a stale link, a key typed
 * in): says so plainly instead of showing an empty pane.
 */
export function MissingDetail({
  noun,
  onClose,
  ref,
}: {
  /** What the record is, capitalised as a title: "Agent", "Lease". */
  noun: string;
  onClose(): void;
  ref: Ref<HTMLElement>;
}) {
  return (
    <DetailPane ref={ref} title={noun} onClose={onClose}>
      <p className="dim">{`This ${noun.toLowerCase()} is not in the model.`}</p>
    </DetailPane>
  );
}
