// Web-mode latency benchmark (not a test): `node bench/monitor-ws-latency.ts [--rate 1000] [--seconds 10]`.
// Three processes, as in production web mode: a WRITER appends room messages and rewrites agent
// records at `rate` events/s (half each); `baton monitor` (engine + HTTP/WebSocket server) watches
// the directory; THIS process is the WebSocket client, using the UI's own client (core/api/client.ts
// + ws-carrier.ts, which validates every delta with the contract's schemas, as the UI does).
// Measured per write: write start (taken in the writer just before the write) -> receipt by the
// client of the first delta showing it. bench/monitor-latency.ts measures the same without the
// WebSocket hop. Target: p99 <= 50 ms, nothing lost, no seq gaps.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '../core/api/client.ts';
import { createWebSocketCarrier } from '../core/api/ws-carrier.ts';
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
import { numberArg } from './support/number-arg.ts';

const SELF = fileURLToPath(import.meta.url);
const BATON = fileURLToPath(new URL('../bin/baton.mjs', import.meta.url));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** `baton monitor --json` as a child process; resolves with its URL document. */
function startMonitor(
  dir: string,
  dataDir: string,
): Promise<{ child: ChildProcess; port: number; token: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BATON, 'monitor', '--dir', dir, '--data-dir', dataDir, '--no-open', '--json'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n')[0];
      if (line && out.includes('\n')) {
        const doc = JSON.parse(line) as { port: number; token: string };
        resolve({ child, port: doc.port, token: doc.token });
      }
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      reject(new Error(`baton monitor exited (${code}) before printing its URL`)),
    );
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === '--writer') {
    const [dir = '', startAt, seconds, rate] = process.argv.slice(3);
    runPacedWriter(dir, Number(startAt), Number(seconds), Number(rate));
    return;
  }
  const rate = numberArg('--rate', 1000);
  const seconds = numberArg('--seconds', 10);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-ws-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-ws-data-'));
  let monitor: ChildProcess | undefined;
  try {
    initDirectory(dir);
    fs.mkdirSync(path.join(dir, 'rooms/workspace/bench'), { recursive: true });
    for (let r = 0; r < ROOMS; r++)
      fs.writeFileSync(path.join(dir, 'rooms/workspace/bench', `r${r}.jsonl`), '');
    for (let a = 0; a < AGENTS; a++) {
      writeJsonAtomic(
        path.join(dir, 'agents', `a${a}.json`),
        agentRecord(`a${a}`, '-1', Date.now()),
        {
          mkdir: true,
        },
      );
    }
    const started = await startMonitor(dir, dataDir);
    monitor = started.child;
    const client = createClient(
      createWebSocketCarrier({
        url: `ws://127.0.0.1:${started.port}/api/ws?token=${started.token}`,
      }),
    );
    const roomSeen = new Map<string, Array<[number, number]>>(); // room -> [t_recv, message_count]
    const agentSeen = new Map<string, Array<[number, number]>>(); // agent -> [t_recv, task seq]
    let deltas = 0;
    let gaps = 0;
    let lastSeq: number | undefined;
    client.on('delta', (delta) => {
      const t = clock();
      deltas++;
      if (lastSeq !== undefined && delta.seq !== lastSeq + 1) gaps++;
      lastSeq = delta.seq;
      for (const change of delta.changes) {
        if (change.op !== 'upsert') continue;
        if (change.entity === 'room') {
          const v = change.value as { room: string; message_count: number; size_bytes: number };
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
    lastSeq = (await client.snapshot({})).seq;
    // Let the watcher finish its initial walk before the clock starts.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const startAt = Date.now() + 1500;
    const output = await spawnPacedWriter(SELF, dir, startAt, seconds, rate);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    client.close();

    const latencies: number[] = [];
    let lost = 0;
    for (const line of output.split('\n')) {
      if (!line) continue;
      const [kind, key = '', value, tText] = line.split(' ');
      const written = Number(tText);
      const seen = (kind === 'R' ? roomSeen : agentSeen).get(key) ?? [];
      const hit = seen.find(([, v]) => v >= Number(value));
      if (!hit) lost++;
      else latencies.push(hit[0] - written);
    }
    latencies.sort((a, b) => a - b);
    const p99 = percentile(latencies, 99);
    console.log('monitor latency, web mode (file write -> delta received by a WebSocket client)');
    console.log(
      `  writer: ${latencies.length + lost} events in ${seconds} s (${rate}/s requested)`,
    );
    console.log(`  deltas received: ${deltas} (seq gaps: ${gaps})`);
    console.log(
      `  latency ms: p50 ${percentile(latencies, 50).toFixed(1)}  p90 ${percentile(latencies, 90).toFixed(1)}  p99 ${p99.toFixed(1)}  max ${latencies.at(-1)?.toFixed(1)}`,
    );
    console.log(`  events never seen in a delta: ${lost}`);
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
    if (monitor && monitor.exitCode === null) {
      const exited = new Promise((resolve) => monitor?.once('exit', resolve));
      monitor.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
