// Monitor latency benchmark (not a test): `node bench/monitor-latency.ts [--rate 1000] [--seconds 10]`.
// A writer PROCESS appends room messages and rewrites agent records at `rate` events/s (half
// each); the monitor engine runs IN THIS PROCESS with a delta subscriber. For every write we
// measure write start (taken in the writer just before the write) -> receipt of the first delta
// showing it: a room whose message_count (from the history index) reached the message, an agent
// whose current_task reached the write's sequence. In-process: the WebSocket hop of web mode is
// not included.
// Target: p99 <= 50 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { writeJsonAtomic } from '../core/files/atomic-write.ts';
import { initDirectory } from '../core/root.ts';
import {
  AGENTS,
  ROOMS,
  agentRecord,
  clock,
  runPacedWriter,
  spawnPacedWriter,
} from './support/paced-writer.ts';
import { createMonitor } from '../core/monitor/index.ts';
import { numberArg } from './support/number-arg.ts';

const SELF = fileURLToPath(import.meta.url);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--writer') {
    runPacedWriter(
      process.argv[3]!,
      Number(process.argv[4]),
      Number(process.argv[5]),
      Number(process.argv[6]),
    );
    return;
  }
  const rate = numberArg('--rate', 1000);
  const seconds = numberArg('--seconds', 10);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-latency-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-latency-data-'));
  try {
    initDirectory(dir);
    fs.mkdirSync(path.join(dir, 'rooms/workspace/bench'), { recursive: true });
    for (let r = 0; r < ROOMS; r++)
      fs.writeFileSync(path.join(dir, 'rooms/workspace/bench', `r${r}.jsonl`), '');
    for (let a = 0; a < AGENTS; a++)
      writeJsonAtomic(
        path.join(dir, 'agents', `a${a}.json`),
        agentRecord(`a${a}`, '-1', Date.now()),
        { mkdir: true },
      );

    const monitor = await createMonitor({ dir, dataDir });
    const roomSeen = new Map<string, Array<[number, number]>>(); // room -> [t_recv, message_count]
    const agentSeen = new Map<string, Array<[number, number]>>(); // agent -> [t_recv, seq]
    let deltas = 0;
    let lastSeq = (await monitor.handlers.snapshot({})).seq;
    let gaps = 0;
    monitor.on('delta', (delta) => {
      const t = clock();
      deltas++;
      if (delta.seq !== lastSeq + 1) gaps++;
      lastSeq = delta.seq;
      for (const change of delta.changes) {
        if (change.op !== 'upsert') continue;
        if (change.entity === 'room') {
          const v = change.value as { room: string; message_count: number };
          let list = roomSeen.get(v.room);
          if (!list) roomSeen.set(v.room, (list = []));
          list.push([t, v.message_count]);
        } else if (change.entity === 'agent') {
          const v = change.value as { id: string; current_task?: string };
          let list = agentSeen.get(v.id);
          if (!list) agentSeen.set(v.id, (list = []));
          list.push([t, Number(v.current_task ?? -1)]);
        }
      }
    });
    // Let the watcher finish its initial walk before the clock starts.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const startAt = Date.now() + 1500;
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    const output = await spawnPacedWriter(SELF, dir, startAt, seconds, rate);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const cpu = process.cpuUsage(cpu0);
    const elu = performance.eventLoopUtilization(elu0);
    await monitor.close();

    const latencies: number[] = [];
    const byKind: Record<'R' | 'A', number[]> = { R: [], A: [] };
    let lost = 0;
    for (const line of output.split('\n')) {
      if (!line) continue;
      const [kind, key, value, tText] = line.split(' ') as [string, string, string, string];
      const written = Number(tText);
      const seen = (kind === 'R' ? roomSeen : agentSeen).get(key) ?? [];
      const need = Number(value);
      const hit = seen.find(([, v]) => v >= need);
      if (!hit) lost++;
      else {
        latencies.push(hit[0] - written);
        byKind[kind === 'R' ? 'R' : 'A'].push(hit[0] - written);
      }
    }
    latencies.sort((a, b) => a - b);
    for (const list of Object.values(byKind)) list.sort((a, b) => a - b);
    const events = latencies.length + lost;
    const p99 = percentile(latencies, 99);
    console.log('monitor latency, in-process (file write -> delta received; no WebSocket hop)');
    console.log(
      `  writer: ${events} events in ${seconds} s (${rate}/s requested: room appends + agent rewrites, half each)`,
    );
    console.log(`  deltas received: ${deltas} (seq gaps: ${gaps})`);
    console.log(
      `  latency ms: p50 ${percentile(latencies, 50).toFixed(1)}  p90 ${percentile(latencies, 90).toFixed(1)}  p99 ${p99.toFixed(1)}  max ${latencies.at(-1)?.toFixed(1)}`,
    );
    const line = (list: number[]) =>
      `p50 ${percentile(list, 50).toFixed(1)}  p99 ${percentile(list, 99).toFixed(1)}`;
    console.log(
      `    room appends (through the history index): ${line(byKind.R)}; agent rewrites: ${line(byKind.A)}`,
    );
    console.log(`  events never seen in a delta: ${lost}`);
    console.log(
      `  monitor process CPU while writing: ${((cpu.user + cpu.system) / 1000 / (seconds + 2.5)).toFixed(0)} ms per s (all threads: engine and history index workers); engine thread busy ${(elu.utilization * 100).toFixed(0)}% of the time`,
    );
    console.log(
      `  machine load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores (shared with other work)`,
    );
    console.log(
      `  target: p99 <= 50 ms, 0 lost, 0 gaps -> ${p99 <= 50 && lost === 0 && gaps === 0 ? 'MET' : 'NOT MET'}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
