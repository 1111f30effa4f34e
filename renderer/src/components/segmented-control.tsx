import type { ReactNode } from 'react';

/** One choice of a segmented control: the value it selects and what its button shows. */
export type Segment<T> = { value: T; label: ReactNode };

/**
 * A row of buttons of which exactly one is on, announced as a radio group: the audit source,
 * the run status, the timeline range.
 */
export function SegmentedControl<T extends string | number>({
  label,
  options,
  value,
  onChange,
}: {
  /** The group's accessible name. */
  label: string;
  options: readonly Segment<T>[];
  value: T;
  // T comes from the options and the value: a state setter passed here must not widen it.
  onChange(value: NoInfer<T>): void;
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={value === o.value}
          className={value === o.value ? 'on' : undefined}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
