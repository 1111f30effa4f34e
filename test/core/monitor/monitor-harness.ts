import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MonitorClient } from '../../../core/api/contract.ts';
import type { Delta, Snapshot } from '../../../core/api/views.ts';
import {
  createMonitor,
  type Monitor,
  type MonitorOptions,
} from '../../../core/monitor/create-monitor.ts';
import { createInProcessClient } from '../../../core/monitor/in-process-client.ts';
import { runNode, type ProcessResult } from '../../support/processes.ts';

export const ACTOR = 'test/core/monitor/fixtures/fleet-actor.ts';

/** A monitor under test with everything it pushed, and helpers to wait on its model. */
export interface Harness {
  monitor: Monitor;
  client: MonitorClient;
  deltas: Delta[];
  errors: string[];
  snapshot(): Promise<Snapshot>;
  /** Poll the snapshot until `check` holds (fails after `ms`). */
  until(check: (s: Snapshot) => boolean, ms?: number, what?: string): Promise<Snapshot>;
  close(): Promise<void>;
}

/**
 * Start a monitor on `dir` with its data dir in a fresh temp dir, collecting deltas and
 * survivable errors; the client validates every output against the contract.
 */
export async function openMonitor(
  dir: string,
  options: Partial<MonitorOptions> = {},
): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-monitor-data-'));
  const errors: string[] = [];
  const monitor = await createMonitor({
    dir,
    dataDir,
    pollIntervalMs: 200,
    onError: (error, context) => errors.push(`${context}: ${error.message}`),
    ...options,
  });
  const client = createInProcessClient(monitor);
  const deltas: Delta[] = [];
  client.on('delta', (d) => deltas.push(d));
  const snapshot = () => client.snapshot({});
  return {
    monitor,
    client,
    deltas,
    errors,
    snapshot,
    async until(check, ms = 5000, what = 'condition') {
      const deadline = Date.now() + ms;
      for (;;) {
        const s = await snapshot();
        if (check(s)) return s;
        if (Date.now() > deadline) {
          throw new Error(
            `${what} not reached in ${ms} ms; last snapshot: ${JSON.stringify({ leases: s.leases.map((l) => [l.key, l.state]), agents: s.agents.map((a) => [a.id, a.liveness]), attention: s.attention.map((a) => a.key), diagnostics: s.diagnostics.map((d) => d.key), status: s.status })}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await monitor.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Run the fleet actor (a real agent-like process) with these operations; fail on error. */
export async function actor(dir: string, ops: Array<Record<string, unknown>>): Promise<unknown[]> {
  const result: ProcessResult = await runNode(ACTOR, [dir, JSON.stringify(ops)], {
    timeoutMs: 30_000,
  });
  if (result.code !== 0) throw new Error(`fleet actor failed (${result.code}): ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

/** Every change of the given entity in the deltas, in order. */
export function changesOf(deltas: Delta[], entity: string): Delta['changes'] {
  return deltas.flatMap((d) => d.changes.filter((c) => c.entity === entity));
}

/** Throws unless the deltas' seqs are consecutive, starting right after `afterSeq`. */
export function assertContinuous(deltas: Delta[], afterSeq: number): void {
  let expected = afterSeq + 1;
  for (const d of deltas) {
    if (d.seq <= afterSeq) continue;
    if (d.seq !== expected) throw new Error(`delta seq ${d.seq} follows ${expected - 1}: a gap`);
    expected++;
  }
}
