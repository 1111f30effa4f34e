import fs from 'node:fs';
import path from 'node:path';
import { hasErrnoCode } from '../../errors.ts';
import { danglingLinkDiagnostic } from '../../files/dangling-link.ts';
import type { Diagnostic } from '../../files/diagnostic.ts';
import { classifyPath, type HistoryFileKind } from './classify-path.ts';

/** A JSONL file the history indexes, found on disk. */
export interface FoundFile {
  rel: string;
  kind: HistoryFileKind;
  size: number;
  mtime_ms: number;
}

/**
 * Every file under `root` the history indexes (rooms, checkpoint logs, the two audit logs),
 * without reading any of them. A directory that cannot be listed becomes a diagnostic.
 *
 * @example
 * walkHistoryFiles('/coord', report); // [{ rel: 'rooms/task/t1/plan.jsonl', kind: 'room', ... }]
 */
export function walkHistoryFiles(root: string, report: (d: Diagnostic) => void): FoundFile[] {
  const found: FoundFile[] = [];
  const consider = (abs: string): void => {
    const c = classifyPath(root, abs);
    if (c.kind === 'ignored') return;
    try {
      const st = fs.statSync(abs);
      if (st.isFile())
        found.push({ rel: c.rel, kind: c.kind, size: st.size, mtime_ms: st.mtimeMs });
    } catch (error) {
      if (!hasErrnoCode(error, 'ENOENT')) unreadable(abs, error, report);
      else {
        const broken = danglingLinkDiagnostic(abs); // else it went between the listing and now
        if (broken) report(broken);
      }
    }
  };
  const roomsDir = path.join(root, 'rooms');
  for (const scope of listDirs(roomsDir, report)) {
    for (const scopeId of listDirs(path.join(roomsDir, scope), report)) {
      const scopeDir = path.join(roomsDir, scope, scopeId);
      for (const name of listNames(scopeDir, report)) {
        if (name.endsWith('.jsonl')) consider(path.join(scopeDir, name));
      }
    }
  }
  const runsDir = path.join(root, 'runs');
  for (const runId of listDirs(runsDir, report)) {
    const file = path.join(runsDir, runId, 'checkpoints.jsonl');
    if (fs.existsSync(file)) consider(file);
  }
  for (const name of ['lifecycle.jsonl', 'operator.jsonl']) {
    const file = path.join(root, 'audit', name);
    if (fs.existsSync(file)) consider(file);
  }
  return found;
}

function listDirs(dir: string, report: (d: Diagnostic) => void): string[] {
  return list(dir, report)
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
}

function listNames(dir: string, report: (d: Diagnostic) => void): string[] {
  return list(dir, report)
    .filter((e) => e.isFile() || e.isSymbolicLink()) // a link is stat'ed (followed) by consider()
    .map((e) => e.name);
}

function list(dir: string, report: (d: Diagnostic) => void): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable(dir, error, report);
    return [];
  }
}

function unreadable(file: string, error: unknown, report: (d: Diagnostic) => void): void {
  report({ path: file, reason: 'unreadable', message: `${file}: ${(error as Error).message}` });
}
