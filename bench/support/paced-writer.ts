// Shared by bench/monitor-latency.ts and bench/monitor-ws-latency.ts: both time a file write to
// the delta that carries it, so both need the same paced writer process.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeJsonAtomic } from '../../core/files/atomic-write.ts';
import { appendJsonLine } from '../../core/files/jsonl.ts';
import { buildEnvelope } from '../../core/rooms/index.ts';

export const ROOMS = 10;
export const AGENTS = 50;
/** Wall-clock ms with sub-ms precision, comparable across processes. */
export const clock = (): number => performance.timeOrigin + performance.now();

export function agentRecord(id: string, task: string, now: number): Record<string, unknown> {
  return {
    schema: 'baton.agent.v1',
    id,
    name: id,
    pid: process.pid,
    host: os.hostname(),
    state: 'active',
    started_at_ms: now,
    last_seen_ms: now,
    timeout_ms: 60_000,
    edit_count: 0,
    locked_paths: {},
    current: { task },
  };
}

/**
 * Writer mode of the monitor latency benchmarks: paced writes from `startAt` for `seconds`; prints what it wrote,
 * when (one line per write: `R room n t` or `A agent i t`), so the parent can match deltas.
 *
 * @example
 * runPacedWriter('/tmp/coord', Date.now() + 500, 10, 1000);
 */
export function runPacedWriter(dir: string, startAt: number, seconds: number, rate: number): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const total = Math.round(seconds * rate);
  const gap = 1000 / rate;
  const out: string[] = [];
  const perRoom = new Map<string, number>();
  while (Date.now() < startAt) Atomics.wait(sleeper, 0, 0, 1);
  const t0 = clock();
  for (let i = 0; i < total; i++) {
    const due = t0 + i * gap;
    while (clock() < due) Atomics.wait(sleeper, 0, 0, 1);
    if (i % 2 === 0) {
      const room = `r${(i / 2) % ROOMS}`;
      const ref = { scope: 'workspace' as const, scope_id: 'bench', room };
      const t = clock();
      const message = buildEnvelope(ref, {
        kind: 'status',
        from: 'writer',
        body: `event ${i}`,
        data: { t },
      });
      appendJsonLine(path.join(dir, 'rooms/workspace/bench', `${room}.jsonl`), message);
      perRoom.set(room, (perRoom.get(room) ?? 0) + 1);
      out.push(`R ${room} ${perRoom.get(room)} ${t}`);
    } else {
      const id = `a${((i - 1) / 2) % AGENTS}`;
      const t = clock();
      writeJsonAtomic(
        path.join(dir, 'agents', `${id}.json`),
        agentRecord(id, String(i), Math.round(t)),
      );
      out.push(`A ${id} ${i} ${t}`);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
}

/**
 * Run `script --writer DIR START SECONDS RATE` (a benchmark that calls {@link runPacedWriter} for
 * `--writer`) as a separate process, as agents would write; resolves with its stdout, one line
 * per write (what the benchmark matches against the deltas it received).
 */
export function spawnPacedWriter(
  script: string,
  dir: string,
  startAt: number,
  seconds: number,
  rate: number,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [script, '--writer', dir, String(startAt), String(seconds), String(rate)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`writer exited ${code}`)),
    );
  });
}
