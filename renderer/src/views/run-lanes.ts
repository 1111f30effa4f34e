import type { RunView } from '../../../core/api/views.ts';
import type { Checkpoint } from '../../../core/runs/run-schema.ts';

export type AttemptSpan = { attempt: number; worker_id: string; first_ms: number; last_ms: number };
/** One attempt's lane: its span (0 times when unknown) and its steps in commit order. */
export type Lane = AttemptSpan & { steps: Checkpoint[] };

/**
 * The attempts of a run, each with its steps. The engine's spans come from checkpoints, so an
 * attempt that has committed nothing yet (a run just resumed by another worker) has none: the
 * run's own current attempt is added then, or the detail would show the run as still on its
 * last attempt, by the worker that crashed.
 *
 * @example
 * runLanes([], [], { attempt: 2, worker_id: 'w2' }).map((l) => l.attempt); // [2]
 */
export function runLanes(
  checkpoints: readonly Checkpoint[],
  attempts: readonly AttemptSpan[],
  run: Pick<RunView, 'attempt' | 'worker_id'>,
): Lane[] {
  const byAttempt = new Map<number, Checkpoint[]>();
  for (const c of checkpoints) {
    const list = byAttempt.get(c.attempt) ?? [];
    list.push(c);
    byAttempt.set(c.attempt, list);
  }
  const spans = new Map<number, AttemptSpan>();
  for (const span of attempts) spans.set(span.attempt, span);
  for (const [attempt, list] of byAttempt) {
    if (!spans.has(attempt))
      spans.set(attempt, { attempt, worker_id: list[0]!.worker_id, first_ms: 0, last_ms: 0 });
  }
  if (run.attempt !== undefined && !spans.has(run.attempt)) {
    spans.set(run.attempt, {
      attempt: run.attempt,
      worker_id: run.worker_id ?? 'unknown worker',
      first_ms: 0,
      last_ms: 0,
    });
  }
  return [...spans.values()]
    .sort((a, b) => a.attempt - b.attempt)
    .map((span) => ({
      ...span,
      steps: [...(byAttempt.get(span.attempt) ?? [])].sort((a, b) => a.sequence - b.sequence),
    }));
}

const TERMINAL: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * How long the run has taken: to its finish when it has ended, to now while it has not (its
 * last update is only when it last wrote, and would freeze the duration of a working run).
 * Undefined without a start.
 */
export function runDurationMs(
  run: Pick<RunView, 'status' | 'started_at_ms' | 'updated_at_ms' | 'finished_at_ms'>,
  nowMs: number,
): number | undefined {
  if (run.started_at_ms === undefined) return undefined;
  const ended = run.status !== undefined && TERMINAL.has(run.status);
  const end = ended ? (run.finished_at_ms ?? run.updated_at_ms ?? nowMs) : nowMs;
  return Math.max(0, end - run.started_at_ms);
}
