import { useState } from 'react';

/**
 * The value, or the last one seen while it was defined: a detail pane keeps showing a record
 * after it disappears from the model (released, removed), marked as gone, instead of going blank.
 * (State updated during render is React's pattern for values derived from props.)
 */
export function useLastKnown<T>(value: T | undefined): T | undefined {
  const [last, setLast] = useState<T | undefined>(value);
  if (value !== undefined && value !== last) setLast(value);
  return value ?? last;
}
