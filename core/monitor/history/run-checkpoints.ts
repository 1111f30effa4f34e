import { classifyCheckpoints, type CheckpointLine } from '../../runs/checkpoint-log.ts';
import { CheckpointSchema, type Checkpoint, type RunRecord } from '../../runs/run-schema.ts';
import type { StatementCache } from './statement-cache.ts';

/** One attempt of a run as its checkpoints show it. */
export interface AttemptSpan {
  attempt: number;
  /** The worker that committed the attempt's first checkpoint. */
  worker_id: string;
  first_ms: number;
  last_ms: number;
}

/**
 * A run's checkpoints, in commit order, and the span of each attempt. Without the run's record
 * every well-formed line of the log is listed; with it, lines are fenced exactly as the run
 * itself reads its log (core/runs/checkpoint-log.ts: lines of a worker that had lost the lease
 * and repeated steps do not count). Attempts are summed over the checkpoints listed.
 *
 * @example
 * runCheckpoints(cache, 'r1', runRecord); // { checkpoints: [...], attempts: [{ attempt: 1, ... }] }
 */
export function runCheckpoints(
  cache: StatementCache,
  runId: string,
  record?: RunRecord,
): { checkpoints: Checkpoint[]; attempts: AttemptSpan[] } {
  const lines: CheckpointLine[] = [];
  for (const row of cache
    .get<[string], { offset: number; json: string }>(
      `SELECT c.offset, c.json FROM checkpoints c JOIN files f ON f.file_id = c.file_id
       WHERE f.run_id = ? ORDER BY c.cursor`,
    )
    .all(runId)) {
    const parsed = CheckpointSchema.safeParse(JSON.parse(row.json));
    if (parsed.success) lines.push({ offset: row.offset, checkpoint: parsed.data });
  }
  const checkpoints = record
    ? classifyCheckpoints(lines, record).checkpoints
    : lines.map((l) => l.checkpoint);
  const spans = new Map<number, AttemptSpan>();
  for (const c of checkpoints) {
    const span = spans.get(c.attempt);
    if (!span) {
      spans.set(c.attempt, {
        attempt: c.attempt,
        worker_id: c.worker_id,
        first_ms: c.committed_at_ms,
        last_ms: c.committed_at_ms,
      });
    } else {
      span.first_ms = Math.min(span.first_ms, c.committed_at_ms);
      span.last_ms = Math.max(span.last_ms, c.committed_at_ms);
    }
  }
  return { checkpoints, attempts: [...spans.values()].sort((a, b) => a.attempt - b.attempt) };
}
