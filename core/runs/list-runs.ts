import fs from 'node:fs';
import type { Diagnostic } from '../files/diagnostic.ts';
import { isValidName } from '../files/names.ts';
import { hasErrnoCode } from '../errors.ts';
import { layout } from '../layout.ts';
import { readRun, type RunView } from './read-run.ts';
import { RunStatusSchema, type RunStatus } from './run-schema.ts';
import { BatonError } from '../errors.ts';

/**
 * Read every run under `runs/`, sorted by run id; with `status`, only runs whose record has
 * that status. Never throws on bad content: each run's problems are in its own diagnostics
 * and gathered in `diagnostics`. Entries of `runs/` that are not valid run ids are skipped.
 *
 * @example
 * const { runs } = listRuns('/coord', { status: 'running' });
 * runs.filter((r) => r.orphaned).map((r) => r.run_id);
 */
export function listRuns(
  dir: string,
  options: { now?: number; status?: RunStatus } = {},
): { runs: RunView[]; diagnostics: Diagnostic[] } {
  if (options.status !== undefined && !RunStatusSchema.safeParse(options.status).success) {
    throw new BatonError(
      'invalid_argument',
      `status must be one of ${RunStatusSchema.options.join(', ')} (got ${JSON.stringify(options.status)})`,
    );
  }
  const runsDir = layout(dir).runsDir;
  let names: string[];
  try {
    names = fs.readdirSync(runsDir);
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) return { runs: [], diagnostics: [] };
    return {
      runs: [],
      diagnostics: [
        { path: runsDir, reason: 'unreadable', message: `${runsDir}: ${(error as Error).message}` },
      ],
    };
  }
  const now = options.now ?? Date.now();
  const runs: RunView[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of names.filter(isValidName).sort()) {
    const view = readRun(dir, name, { now });
    if (!view) continue; // a file, or removed since readdir
    diagnostics.push(...view.diagnostics);
    if (options.status === undefined || view.record?.status === options.status) runs.push(view);
  }
  return { runs, diagnostics };
}
