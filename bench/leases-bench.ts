// Leases benchmark (not a test): `node bench/leases-bench.ts [--seconds 3] [--trials 300]
// [--base DIR]` (the filesystem to run on; default the OS temp dir).
// Baton's lease next to proper-lockfile (async API, default options), in one run:
//  - uncontended acquire+release ops/s (one process; the two libraries alternate in rounds so
//    that load from elsewhere on the machine hits both alike);
//  - contended: 4 processes loop trying to acquire one lock, releasing at once when they get
//    it; successful acquisitions per second, all processes together. Twice: retrying at once
//    (a tight loop: Baton's sync API then spins on the CPU the holder needs, proper-lockfile's
//    async one waits on its thread pool), and retrying after a 1 ms pause (both alike);
//  - the 4-way stale-takeover race: per trial, 4 processes try once, in the same time slot, to
//    take a lock left stale (Baton: an expired lease; proper-lockfile: a lock dir with an old
//    mtime and `stale` at its 2 s minimum). Nobody releases during the trial, so a trial with
//    two or more successful acquisitions had two holders at once.
// Targets: ratio >= 1.0 uncontended and contended; 0 double holders for Baton.
// Everything lives in a temporary directory that is deleted at the end.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lockfile from 'proper-lockfile';
import { acquireLease, releaseLease } from '../core/leases/index.ts';
import { sleepSync } from '../core/files/sleep-sync.ts';
import { numberArg } from './support/number-arg.ts';

const SELF = fileURLToPath(import.meta.url);
const PROCESSES = 4;
/** Alternating rounds per measurement (each library gets this many slices of the time). */
const ROUNDS = 3;
/** One stale-takeover trial per slot: long enough for 4 attempts on a busy two-core box. */
const SLOT_MS = 15;
/** Each contended measurement: rounds per library and loop style, and their length. */
const CONTENDED_ROUNDS = 2;
const CONTENDED_MS = 1_500;
/** proper-lockfile's smallest `stale` (it clamps lower values to 2000 ms). */
const PL_STALE_MS = 2_000;

type Lib = 'baton' | 'pl';

// ---------------------------------------------------------------- workers (child processes)

/** Sleep until `at` (epoch ms), spinning only for the last millisecond. */
function waitUntil(at: number): void {
  const early = at - Date.now() - 1;
  if (early > 0) sleepSync(early);
  while (Date.now() < at) {
    // spin so that the workers start together
  }
}

/**
 * Loop for `ms` from `startAt` trying to take the lock; count successes. With `backoffMs`, a
 * failed attempt pauses that long before the next (both libraries alike).
 */
async function contendedWorker(
  lib: Lib,
  dir: string,
  startAt: number,
  ms: number,
  backoffMs: number,
): Promise<void> {
  waitUntil(startAt);
  const end = startAt + ms;
  let acquired = 0;
  let attempts = 0;
  const file = path.join(dir, 'resource');
  while (Date.now() < end) {
    attempts++;
    if (lib === 'baton') {
      const lease = acquireLease(dir, 'bench/contended');
      if (lease.acquired) {
        acquired++;
        releaseLease(dir, 'bench/contended', { token: lease.token });
      } else if (backoffMs > 0) sleepSync(backoffMs);
    } else {
      try {
        const release = await lockfile.lock(file);
        acquired++;
        await release();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
        if (backoffMs > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs));
      }
    }
  }
  process.stdout.write(JSON.stringify({ acquired, attempts }) + '\n');
}

/** Try once per trial, in trial i's slot, to take lock i; print the trials won. */
async function raceWorker(lib: Lib, dir: string, startAt: number, trials: number): Promise<void> {
  const won: number[] = [];
  for (let i = 0; i < trials; i++) {
    waitUntil(startAt + i * SLOT_MS);
    if (lib === 'baton') {
      if (acquireLease(dir, `race/${i}`, { ttl_ms: 600_000 }).acquired) won.push(i);
    } else {
      try {
        // Held to the end of the run: the trial asks who holds the lock, not who held it last.
        await lockfile.lock(path.join(dir, `race-${i}`), {
          stale: PL_STALE_MS,
          realpath: false,
          onCompromised: () => {},
        });
        won.push(i);
      } catch {
        // ELOCKED, or ENOENT when another process removed the lock we had just made (the
        // race itself): either way this process does not hold it.
      }
    }
  }
  process.stdout.write(JSON.stringify({ won }) + '\n');
  process.exit(0); // proper-lockfile's update timers would keep the process alive
}

// ---------------------------------------------------------------- coordinator

interface Worker {
  ready: Promise<void>;
  start: (at: number) => void;
  done: Promise<string>;
}

/** A worker process: it prints "ready" once loaded, then reads its start time on stdin. */
function startWorker(args: string[]): Worker {
  const child = spawn(process.execPath, [SELF, '--worker', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    if (out.startsWith('ready\n')) markReady();
  });
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(out.slice('ready\n'.length))
        : reject(new Error(`worker exited ${code}`)),
    );
  });
  return { ready, start: (at) => child.stdin.end(`${at}\n`), done };
}

/** Start PROCESSES workers, wait until all have loaded, then give them one start time. */
async function runWorkers(args: string[]): Promise<string[]> {
  const workers = Array.from({ length: PROCESSES }, () => startWorker(args));
  await Promise.all(workers.map((w) => w.ready));
  const at = Date.now() + 100;
  for (const w of workers) w.start(at);
  return Promise.all(workers.map((w) => w.done));
}

/** Worker side of {@link startWorker}: say ready, then wait for the start time. */
async function awaitStart(): Promise<number> {
  process.stdout.write('ready\n');
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return Number(text.trim());
}

async function uncontended(lib: Lib, dir: string, ms: number): Promise<number> {
  const end = performance.now() + ms;
  let n = 0;
  const file = path.join(dir, 'resource');
  while (performance.now() < end) {
    if (lib === 'baton') {
      const lease = acquireLease(dir, 'bench/uncontended');
      if (!lease.acquired) throw new Error(lease.message);
      releaseLease(dir, 'bench/uncontended', { token: lease.token });
    } else {
      const release = await lockfile.lock(file);
      await release();
    }
    n++;
  }
  return n;
}

async function contended(lib: Lib, dir: string, ms: number, backoffMs: number): Promise<number> {
  const outs = await runWorkers(['contended', lib, dir, String(ms), String(backoffMs)]);
  return outs.reduce((sum, out) => sum + (JSON.parse(out) as { acquired: number }).acquired, 0);
}

/** Trials with 2+ holders, and trials nobody won, for one library. */
async function race(lib: Lib, dir: string, trials: number) {
  for (let i = 0; i < trials; i++) {
    if (lib === 'baton') {
      if (!acquireLease(dir, `race/${i}`, { ttl_ms: 0 }).acquired) throw new Error('setup');
    } else {
      const file = path.join(dir, `race-${i}`);
      fs.writeFileSync(file, '');
      fs.mkdirSync(`${file}.lock`);
      const old = (Date.now() - 60_000) / 1000;
      fs.utimesSync(`${file}.lock`, old, old);
    }
  }
  const outs = await runWorkers(['race', lib, dir, String(trials)]);
  const holders = new Array<number>(trials).fill(0);
  for (const out of outs) for (const i of (JSON.parse(out) as { won: number[] }).won) holders[i]!++;
  return {
    double: holders.filter((n) => n >= 2).length,
    none: holders.filter((n) => n === 0).length,
  };
}

function freshDir(root: string, name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'resource'), '');
  return dir;
}

async function main(): Promise<void> {
  const seconds = numberArg('--seconds', 3);
  const trials = numberArg('--trials', 300);
  const baseIndex = process.argv.indexOf('--base');
  const base = baseIndex >= 0 ? process.argv[baseIndex + 1]! : os.tmpdir();
  const root = fs.mkdtempSync(path.join(base, 'baton-leases-bench-'));
  const started = Date.now();
  try {
    const slice = (seconds * 1000) / ROUNDS;
    const unc = { baton: 0, pl: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      for (const lib of ['baton', 'pl'] as const) {
        unc[lib] += await uncontended(lib, freshDir(root, `unc-${lib}-${round}`), slice);
      }
    }
    // Contended, two ways of "looping trying": at once, and after a 1 ms pause.
    const con = { spin: { baton: 0, pl: 0 }, backoff: { baton: 0, pl: 0 } };
    for (const style of ['spin', 'backoff'] as const) {
      for (let round = 0; round < CONTENDED_ROUNDS; round++) {
        for (const lib of ['baton', 'pl'] as const) {
          const dir = freshDir(root, `con-${style}-${lib}-${round}`);
          con[style][lib] += await contended(lib, dir, CONTENDED_MS, style === 'spin' ? 0 : 1);
        }
      }
    }
    const raceBaton = await race('baton', freshDir(root, 'race-baton'), trials);
    const racePl = await race('pl', freshDir(root, 'race-pl'), trials);

    const perSecond = (n: number) => n / ((CONTENDED_ROUNDS * CONTENDED_MS) / 1000);
    const rate = (b: number, p: number, label: string) => [label, fmt(b), fmt(p), ratio(b, p)];
    const rows = [
      rate(unc.baton / seconds, unc.pl / seconds, 'uncontended acquire+release (ops/s)'),
      rate(
        perSecond(con.spin.baton),
        perSecond(con.spin.pl),
        `contended, ${PROCESSES} processes, retry at once (acq/s)`,
      ),
      rate(
        perSecond(con.backoff.baton),
        perSecond(con.backoff.pl),
        `contended, ${PROCESSES} processes, retry after 1 ms (acq/s)`,
      ),
      [
        `stale takeover, ${PROCESSES}-way x ${trials}: trials with 2+ holders`,
        String(raceBaton.double),
        String(racePl.double),
        '',
      ],
      [`  trials nobody won`, String(raceBaton.none), String(racePl.none), ''],
    ];
    const head = ['measure', 'baton', 'proper-lockfile', 'baton/pl'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    console.log(
      `leases bench: node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}, dir ${base}`,
    );
    console.log(line(head));
    for (const row of rows) console.log(line(row));
    console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 5 });
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function ratio(a: number, b: number): string {
  return b === 0 ? '-' : `${(a / b).toFixed(2)}x`;
}

if (process.argv[2] === '--worker') {
  const [mode, lib, dir, n, backoff] = process.argv.slice(3);
  const startAt = await awaitStart();
  if (mode === 'contended') {
    await contendedWorker(lib as Lib, dir!, startAt, Number(n), Number(backoff));
  } else await raceWorker(lib as Lib, dir!, startAt, Number(n));
} else {
  await main();
}
