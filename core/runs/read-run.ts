import type { Diagnostic } from '../files/diagnostic.ts';
import { isDirectory } from '../files/directory-entries.ts';
import { validateName } from '../files/names.ts';
import { readLease, type LeaseView } from '../leases/index.ts';
import { layout } from '../layout.ts';
import {
  classifyCheckpoints,
  scanCheckpointLines,
  type IgnoredCheckpoint,
} from './checkpoint-log.ts';
import { runLeaseTarget } from './run-lease.ts';
import { readRunRecord } from './run-record-file.ts';
import { TERMINAL_RUN_STATUSES, type Checkpoint, type RunRecord } from './run-schema.ts';

/** What the run's lock says, as leases derive it (state, owner record, expiry…). */
export type RunLeaseView = LeaseView;

/** Everything a reader can tell about one run. */
export interface RunView {
  run_id: string;
  /** `run.json`, when it exists and is valid (else see diagnostics). */
  record?: RunRecord;
  /** Committed checkpoints, in commit order. */
  checkpoints: Checkpoint[];
  /** Well-formed lines that do not count (fenced out, duplicate steps). */
  ignored_checkpoints: IgnoredCheckpoint[];
  lease: RunLeaseView;
  /** Non-terminal with a stale or missing lease: nobody is on it; any worker may resume it. */
  orphaned: boolean;
  diagnostics: Diagnostic[];
}

/**
 * Read one run: its record, committed checkpoints and lease. `undefined` when the run's
 * directory does not exist. Never throws on bad content (a corrupt `run.json` or checkpoint
 * line becomes a diagnostic); an invalid run id is an `invalid_argument`.
 *
 * @example
 * const view = readRun('/coord', 'r1');
 * if (view?.orphaned) console.log('resumable', view.checkpoints.length, 'steps done');
 */
export function readRun(
  dir: string,
  runId: string,
  options: { now?: number } = {},
): RunView | undefined {
  validateName('run id', runId);
  const at = layout(dir);
  if (!isDirectory(at.runDir(runId))) return undefined;
  const now = options.now ?? Date.now();
  const { resource, lock_path } = runLeaseTarget(dir, runId);
  const lease = readLease(dir, resource, { lock_path, now });
  // The log before the record, so the record is never older than the lines it fences.
  const scan = scanCheckpointLines(dir, runId);
  const read = readRunRecord(dir, runId);
  const record = read.ok ? read.value : undefined;
  const log = classifyCheckpoints(scan.lines, record);
  const diagnostics: Diagnostic[] = [];
  if (!read.ok && !read.absent) diagnostics.push(read.diagnostic);
  diagnostics.push(...scan.diagnostics);
  const orphaned =
    record !== undefined &&
    !TERMINAL_RUN_STATUSES.includes(record.status) &&
    (lease.state === 'absent' || lease.state === 'stale');
  return {
    run_id: runId,
    ...(record ? { record } : {}),
    checkpoints: log.checkpoints,
    ignored_checkpoints: log.ignored,
    lease,
    orphaned,
    diagnostics,
  };
}
