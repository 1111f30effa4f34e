import type { AgentRole } from '../fleet-plan.ts';

/** The workflows of durable runs, one per worker role. */
export type WorkflowId = 'build' | 'test' | 'refactor' | 'docs';

/** What a run knows as it goes: its branch, the files it touches, whether it failed. */
export interface WorkContext {
  run_id: string;
  workflow: WorkflowId;
  branch: string;
  files: string[];
  /** Why the run fails (a red test suite), once known. */
  failure?: string;
}

/**
 * The workflow each worker role runs.
 *
 * @example
 * workflowOf('tester'); // 'test'
 */
export function workflowOf(role: AgentRole): WorkflowId {
  switch (role) {
    case 'tester':
      return 'test';
    case 'refactorer':
      return 'refactor';
    case 'docs':
      return 'docs';
    default:
      return 'build';
  }
}

/**
 * True for a workflow id found in a run record (runs adopted from other agents).
 *
 * @example
 * isWorkflowId('build'); // true
 */
export function isWorkflowId(value: unknown): value is WorkflowId {
  return value === 'build' || value === 'test' || value === 'refactor' || value === 'docs';
}
