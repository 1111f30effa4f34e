import fs from 'node:fs';
import { BatonError } from '../errors.ts';
import { validateName } from '../files/names.ts';
import { layout } from '../layout.ts';

/** What an agent is working on, shown by the monitor (`current` in its record). */
export type AgentCurrent = {
  run_id?: string;
  task?: string;
};

/** Longest display name and task text accepted (they are labels, not payloads). */
const MAX_LABEL_CHARS = 1024;

/**
 * Validate the caller-supplied fields of an agent record before anything is written.
 * Each failure names the option and the reason.
 *
 * @example
 * validateAgentFields({ timeout_ms: 0 }); // throws: timeout_ms must be a positive integer (got 0)
 */
export function validateAgentFields(fields: {
  name?: unknown;
  pid?: unknown;
  host?: unknown;
  timeout_ms?: unknown;
  current?: unknown;
}): void {
  if (fields.name !== undefined) label('name', fields.name);
  if (fields.host !== undefined) label('host', fields.host);
  if (fields.pid !== undefined) positiveInteger('pid', fields.pid);
  if (fields.timeout_ms !== undefined) positiveInteger('timeout_ms', fields.timeout_ms);
  if (fields.current !== undefined) {
    const current = fields.current;
    if (current === null || typeof current !== 'object' || Array.isArray(current)) {
      throw new BatonError('invalid_argument', 'current must be an object {run_id?, task?}');
    }
    const { run_id: runId, task } = current as Record<string, unknown>;
    if (runId !== undefined) validateName('current.run_id', runId);
    if (task !== undefined) label('current.task', task);
  }
}

/** Throw `invalid_argument` unless `value` is a positive safe integer. */
export function positiveInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new BatonError(
      'invalid_argument',
      `${name} must be a positive integer (got ${JSON.stringify(value)})`,
      { option: name, value },
    );
  }
  return value;
}

function label(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LABEL_CHARS) {
    throw new BatonError(
      'invalid_argument',
      `${name} must be a non-empty string of at most ${MAX_LABEL_CHARS} characters`,
      { option: name },
    );
  }
}

/**
 * Throw `not_found` unless the coordination directory exists, so a mistyped `--dir` does not
 * quietly create a new tree.
 */
export function assertCoordinationDir(dir: string): void {
  const root = layout(dir).root;
  let isDir: boolean;
  try {
    isDir = fs.statSync(root).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new BatonError(
      'not_found',
      `coordination directory ${root} does not exist (create it with: baton init ${root})`,
      { dir: root },
    );
  }
}
