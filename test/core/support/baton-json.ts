import { runBaton, type ProcessResult } from '../../support/processes.ts';

/**
 * Run the real `baton` CLI against coordination directory `dir`; with `--json` among the
 * arguments, also parse stdout as the one JSON document it must be (else throw, showing it).
 * The CLI suites share it so a command that prints something else fails with its output, not
 * with a bare JSON syntax error.
 *
 * @example
 * const { code, json } = await batonJson(dir, 'run', 'show', 'r1', '--json');
 */
export async function batonJson(
  dir: string,
  ...args: string[]
): Promise<ProcessResult & { json: Record<string, unknown> }> {
  const result = await runBaton(['--dir', dir, ...args]);
  let json: Record<string, unknown> = {};
  if (args.includes('--json')) {
    try {
      json = JSON.parse(result.stdout) as Record<string, unknown>;
    } catch {
      throw new Error(
        `not one JSON document (exit ${result.code}):\n${result.stdout}\n${result.stderr}`,
      );
    }
  }
  return { ...result, json };
}
