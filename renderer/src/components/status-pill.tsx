import type { DisplayState } from '../state/display-state.ts';

/** A state as colour AND word: the word carries the meaning, the colour only speeds reading. */
export function StatusPill({ state, title }: { state: DisplayState; title?: string }) {
  return (
    <span className={`pill tone-${state.tone}`} title={title} data-state={state.word}>
      <span className="pill-dot" aria-hidden="true" />
      {state.word}
    </span>
  );
}
