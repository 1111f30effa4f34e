import type { Diagnostic } from '../files/diagnostic.ts';
import { appendJsonLine, scanJsonLines } from '../files/jsonl.ts';
import { layout } from '../layout.ts';
import { CheckpointSchema, type Checkpoint, type RunRecord } from './run-schema.ts';

/** A well-formed checkpoint line that does not count, and why. */
export interface IgnoredCheckpoint {
  /** Byte offset of the line in `checkpoints.jsonl`. */
  offset: number;
  /** fenced_out: written by a worker that had lost the lease; duplicate_step: the step was
   *  already committed earlier in the log (only the first line of a step counts). */
  reason: 'fenced_out' | 'duplicate_step';
  message: string;
  checkpoint: Checkpoint;
}

export interface CheckpointLogRead {
  /** The committed checkpoints, in commit order. */
  checkpoints: Checkpoint[];
  ignored: IgnoredCheckpoint[];
  /** Lines that do not parse or are not checkpoints of this run. */
  diagnostics: Diagnostic[];
  /** Byte offset just past the last complete line. */
  next: number;
}

/** A well-formed checkpoint line of the log, before fencing. */
export interface CheckpointLine {
  offset: number;
  checkpoint: Checkpoint;
}

/**
 * Read `runs/<run_id>/checkpoints.jsonl` and decide which lines are committed checkpoints
 * ({@link scanCheckpointLines} then {@link classifyCheckpoints}). Never throws on content.
 *
 * @example
 * const { checkpoints, diagnostics } = readCheckpointLog('/coord', 'r1', record);
 */
export function readCheckpointLog(
  dir: string,
  runId: string,
  record?: RunRecord,
): CheckpointLogRead {
  const scan = scanCheckpointLines(dir, runId);
  return {
    ...classifyCheckpoints(scan.lines, record),
    diagnostics: scan.diagnostics,
    next: scan.next,
  };
}

/**
 * Parse every complete line of the run's checkpoint log. Lines that are not JSON, not
 * checkpoints or name another run become diagnostics (file, byte offset, reason).
 *
 * @example
 * const { lines, next } = scanCheckpointLines('/coord', 'r1');
 */
export function scanCheckpointLines(
  dir: string,
  runId: string,
): { lines: CheckpointLine[]; diagnostics: Diagnostic[]; next: number } {
  const file = layout(dir).runCheckpointsFile(runId);
  const lines: CheckpointLine[] = [];
  const diagnostics: Diagnostic[] = [];
  try {
    const result = scanJsonLines(file, 0, (line) => {
      const parsed = CheckpointSchema.safeParse(line.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'line';
        diagnostics.push({
          path: file,
          offset: line.offset,
          reason: 'malformed',
          message: `${file}: line at byte ${line.offset} is not a checkpoint (${where}: ${issue?.message ?? 'invalid'}); skipped`,
        });
      } else if (parsed.data.run_id !== runId) {
        diagnostics.push({
          path: file,
          offset: line.offset,
          reason: 'malformed',
          message: `${file}: line at byte ${line.offset} belongs to run ${JSON.stringify(parsed.data.run_id)}, not ${JSON.stringify(runId)}; skipped`,
        });
      } else {
        lines.push({ offset: line.offset, checkpoint: parsed.data });
      }
    });
    diagnostics.push(...result.diagnostics);
    diagnostics.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0)); // in file order
    return { lines, diagnostics, next: result.next };
  } catch (error) {
    diagnostics.push({
      path: file,
      reason: 'unreadable',
      message: `${file}: ${(error as Error).message}`,
    });
    return { lines, diagnostics, next: 0 };
  }
}

/**
 * Decide which checkpoint lines count. With the run's record, lines are fenced by its
 * `attempts` history: a line of attempt N counts only if it carries attempt N's lease id and
 * lies before the offset at which attempt N+1 read the log (a later line came from a worker
 * that kept going after losing the lease). Only the first line of each step counts.
 *
 * @example
 * const { checkpoints, ignored } = classifyCheckpoints(lines, record);
 */
export function classifyCheckpoints(
  lines: readonly CheckpointLine[],
  record?: RunRecord,
): { checkpoints: Checkpoint[]; ignored: IgnoredCheckpoint[] } {
  const checkpoints: Checkpoint[] = [];
  const ignored: IgnoredCheckpoint[] = [];
  const seen = new Set<string>();
  const attempts = [...(record?.attempts ?? [])].sort((a, b) => a.attempt - b.attempt);
  for (const { offset, checkpoint } of lines) {
    const fenced = fenceProblem(checkpoint, offset, attempts, record?.attempt);
    if (fenced) {
      ignored.push({ offset, reason: 'fenced_out', message: fenced, checkpoint });
    } else if (seen.has(checkpoint.step_id)) {
      ignored.push({
        offset,
        reason: 'duplicate_step',
        message: `step ${JSON.stringify(checkpoint.step_id)} at byte ${offset} was already committed earlier in the log`,
        checkpoint,
      });
    } else {
      seen.add(checkpoint.step_id);
      checkpoints.push(checkpoint);
    }
  }
  return { checkpoints, ignored };
}

function fenceProblem(
  checkpoint: Checkpoint,
  offset: number,
  attempts: readonly { attempt: number; lease_id: string; checkpoint_offset: number }[],
  currentAttempt: number | undefined,
): string | undefined {
  if (attempts.length === 0) return undefined; // no history (another writer): nothing to fence by
  const own = attempts.find((a) => a.attempt === checkpoint.attempt);
  if (!own) {
    if (currentAttempt !== undefined && checkpoint.attempt > currentAttempt) {
      return `attempt ${checkpoint.attempt} has not started (the run is at attempt ${currentAttempt})`;
    }
    return undefined;
  }
  if (own.lease_id !== checkpoint.lease_id) {
    return `written under lease ${checkpoint.lease_id}, but attempt ${own.attempt} held lease ${own.lease_id}`;
  }
  const successor = attempts.find((a) => a.attempt > checkpoint.attempt);
  if (successor && offset >= successor.checkpoint_offset) {
    return `written by attempt ${checkpoint.attempt} (worker ${checkpoint.worker_id}) after attempt ${successor.attempt} took the run over at byte ${successor.checkpoint_offset}`;
  }
  return undefined;
}

/**
 * Append one checkpoint line (one `write()` on an `O_APPEND` descriptor). Refuses a line over
 * 1 MiB before writing. Callers check the fence first (commit-checkpoint.ts).
 *
 * @example
 * appendCheckpointLine('/coord', checkpoint);
 */
export function appendCheckpointLine(dir: string, checkpoint: Checkpoint): void {
  appendJsonLine(layout(dir).runCheckpointsFile(checkpoint.run_id), checkpoint, { mkdir: true });
}
