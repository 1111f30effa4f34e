/**
 * UI latency benchmark (web mode, Debian Chromium, the real engine and server):
 *   1. file write -> visible in the page: an agent takes a lease (acquireLease writes the lock
 *      directory and owner.json); the time until its row is in the page's DOM. p50 / p99.
 *      Target p99 <= 150 ms. Run with 10,000 other leases held, so the page works at scale.
 *   2. frame times while scrolling the 10,000-lease table and a 100,000-message room, measured
 *      in the page as requestAnimationFrame deltas. Target p95 <= 16 ms (one 60 Hz frame).
 *
 *   node bench/ui-latency.ts [--probes 100] [--leases 10000] [--messages 100000] [--json]
 * Needs renderer/dist (npm run build:renderer) and Chromium (/usr/bin/chromium or BATON_CHROMIUM).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { acquireLease, releaseLease } from '../core/leases/index.ts';
import { buildEnvelope } from '../core/rooms/index.ts';
import { parseRoomRef } from '../core/rooms/room-ref.ts';
import { initDirectory } from '../core/root.ts';
import { launchChromium } from '../test/e2e/support/browser.ts';
import { startHarness } from '../test/e2e/support/monitor-harness.ts';
import { numberArg } from './support/number-arg.ts';

const args = process.argv.slice(2);
const PROBES = numberArg('--probes', 100);
const LEASES = numberArg('--leases', 10_000);
const MESSAGES = numberArg('--messages', 100_000);
const JSON_OUT = args.includes('--json');
const ROOM = 'session/bench/stream';

function log(line: string): void {
  if (!JSON_OUT) console.log(line);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function stats(values: readonly number[]) {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? NaN,
  };
}

function seed(dir: string): void {
  initDirectory(dir, 'bench');
  let t = performance.now();
  for (let i = 0; i < LEASES; i++) {
    const owner = `agent-${i % 50}`;
    // Long TTLs: the probe leases (short TTL) sort to the top of the expiry-ordered table.
    acquireLease(dir, `pkg-${i % 30}/src/module-${i}/file-${i}.ts`, {
      ttl_ms: 3_600_000 + i * 10,
      owner: { id: owner, agent: owner },
    });
  }
  log(`seeded ${LEASES} leases in ${Math.round(performance.now() - t)} ms`);
  t = performance.now();
  const ref = parseRoomRef(ROOM);
  const file = path.join(dir, 'rooms', ref.scope, ref.scope_id, `${ref.room}.jsonl`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const start = Date.now() - MESSAGES * 1000;
  const kinds = ['status', 'claim', 'finding', 'request', 'ack', 'decision'] as const;
  let chunk: string[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const m = buildEnvelope(
      ref,
      {
        kind: kinds[i % kinds.length],
        from: `agent-${i % 50}`,
        body: `message ${i}: progress on module-${i % 997}`,
      },
      { now: start + i * 1000 },
    );
    chunk.push(JSON.stringify(m));
    if (chunk.length === 5_000) {
      fs.appendFileSync(file, chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  if (chunk.length) fs.appendFileSync(file, chunk.join('\n') + '\n');
  log(`seeded ${MESSAGES} messages in ${Math.round(performance.now() - t)} ms`);
}

type FrameResult = { deltas: number[]; mainThreadMsPerFrame: number };

/**
 * rAF deltas while scrolling `selector` by `px` per frame for `frames` frames, and the main
 * thread's busy time per frame (script + style + layout, from Chromium's own counters): the
 * deltas show what the operator sees on this machine now; the busy time is the UI's own cost,
 * which a loaded machine inflates less than it inflates the deltas.
 */
async function scrollFrames(
  page: Page,
  selector: string,
  px: number,
  frames: number,
): Promise<FrameResult> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as {
      metrics: { name: string; value: number }[];
    };
    const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? 0;
    return (get('ScriptDuration') + get('RecalcStyleDuration') + get('LayoutDuration')) * 1000;
  };
  const before = await busy();
  const deltas = await page.evaluate(
    ({ selector, px, frames }) =>
      new Promise<number[]>((resolve) => {
        const el = document.querySelector(selector) as HTMLElement;
        const out: number[] = [];
        let last = performance.now();
        let n = 0;
        const step = (t: number) => {
          out.push(t - last);
          last = t;
          el.scrollTop += px;
          if (++n < frames) requestAnimationFrame(step);
          else resolve(out.slice(2)); // the first frames include the benchmark's own start-up
        };
        requestAnimationFrame((t) => {
          last = t;
          requestAnimationFrame(step);
        });
      }),
    { selector, px, frames },
  );
  const after = await busy();
  await cdp.detach();
  return { deltas, mainThreadMsPerFrame: (after - before) / frames };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const harness = await startHarness({ seed, mode: 'in-process' });
  const engine = harness.monitor!;
  log(
    `engine + server ready in ${Math.round(performance.now() - t0)} ms: ${harness.url.replace(/token=.*/, 'token=…')}`,
  );
  const browser = await launchChromium();
  const results: Record<string, unknown> = { leases: LEASES, messages: MESSAGES };
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(harness.url + '#leases');
    await page
      .locator('[data-testid="connection-state"][data-state="live"]')
      .waitFor({ timeout: 120_000 });
    await page.locator('.vrow').first().waitFor({ timeout: 120_000 });

    // Measure the steady state: let the history index finish its first pass over the
    // 100,000-message room (it runs in the background after start-up).
    const indexStart = Date.now();
    while (!engine.status().indexing.complete && Date.now() - indexStart < 300_000) {
      await new Promise((r) => setTimeout(r, 250));
    }
    log(`history index complete after ${Date.now() - indexStart} ms more`);

    // ---- 1. write -> visible
    // In the page: when each probe reaches the store (delta applied) and the DOM (rendered).
    await page.evaluate(() => {
      type Store = {
        getState(): { entities: { lease: ReadonlyMap<string, unknown> } };
        subscribe(l: () => void): () => void;
      };
      const w = window as unknown as {
        __seen: Record<string, number>;
        __stored: Record<string, number>;
        __watch: string[];
        __baton: { monitor: Store };
      };
      w.__seen = {};
      w.__stored = {};
      w.__watch = [];
      const now = () => performance.timeOrigin + performance.now();
      w.__baton.monitor.subscribe(() => {
        const leases = w.__baton.monitor.getState().entities.lease;
        for (const name of w.__watch)
          if (!w.__stored[name] && leases.has(`locks/${name}.lock.d`)) w.__stored[name] = now();
      });
      new MutationObserver(() => {
        if (w.__watch.length === 0) return;
        const text = document.querySelector('.vtable')?.textContent ?? '';
        const at = now();
        w.__watch = w.__watch.filter((name) => {
          if (!text.includes(name)) return true;
          w.__seen[name] = at;
          return false;
        });
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    // In the engine: when the delta carrying each probe is emitted.
    const emitted = new Map<string, number>();
    const offDelta = engine.on('delta', (d) => {
      for (const c of d.changes)
        if (c.op === 'upsert' && c.key.includes('bench/probe-') && !emitted.has(c.key))
          emitted.set(c.key, Date.now());
    });
    const engineMs: number[] = [];
    const transportMs: number[] = [];
    const renderMs: number[] = [];
    const latencies: number[] = [];
    for (let i = 0; i < PROBES; i++) {
      const name = `bench/probe-${i}.ts`;
      await page.evaluate(
        (n) => (window as unknown as { __watch: string[] }).__watch.push(n),
        name,
      );
      const written = Date.now();
      const lease = acquireLease(harness.dir, name, {
        ttl_ms: 30_000,
        owner: { id: 'bench', agent: 'bench' },
      });
      if (!lease.acquired) throw new Error(lease.message);
      let seen: number | undefined;
      while (seen === undefined) {
        await new Promise((r) => setTimeout(r, 10));
        seen = await page.evaluate(
          (n) => (window as unknown as { __seen: Record<string, number> }).__seen[n],
          name,
        );
        if (Date.now() - written > 60_000) throw new Error(`${name} not visible after 60 s`);
      }
      latencies.push(seen - written);
      const stored = await page.evaluate(
        (n) => (window as unknown as { __stored: Record<string, number> }).__stored[n],
        name,
      );
      const sent = emitted.get(`locks/${name}.lock.d`);
      if (sent !== undefined && stored !== undefined) {
        engineMs.push(sent - written);
        transportMs.push(stored - sent);
        renderMs.push(seen - stored);
      }
      releaseLease(harness.dir, name, { token: lease.token });
      await new Promise((r) => setTimeout(r, 30 + Math.random() * 40));
    }
    offDelta();
    const latency = stats(latencies);
    results['write_to_visible_ms'] = latency;
    const parts = {
      engine: stats(engineMs),
      transport_and_frame: stats(transportMs),
      render: stats(renderMs),
    };
    results['write_to_visible_breakdown_ms'] = parts;
    log(
      `write -> visible (${latency.n} probes, 10k leases on screen): p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms (target p99 <= 150)`,
    );
    log(
      `  of which: file write -> delta emitted p50 ${parts.engine.p50.toFixed(1)} / p99 ${parts.engine.p99.toFixed(1)} ms; ` +
        `delta -> page store (socket + frame batch) p50 ${parts.transport_and_frame.p50.toFixed(1)} / p99 ${parts.transport_and_frame.p99.toFixed(1)} ms; ` +
        `store -> DOM p50 ${parts.render.p50.toFixed(1)} / p99 ${parts.render.p99.toFixed(1)} ms`,
    );

    // ---- 2. frame times. First a baseline on this machine right now: a static page scrolled the
    // same way (no app code at all), so a loaded machine is told apart from a slow UI.
    const blank = await context.newPage();
    await blank.setContent(
      `<div id="s" style="height:800px;overflow:auto"><div style="height:300000px">${Array.from({ length: 60 }, (_, i) => `<div style="height:30px">row ${i}</div>`).join('')}</div></div>`,
    );
    const baselineRun = await scrollFrames(blank, '#s', 60, 600);
    const baseline = stats(baselineRun.deltas);
    await blank.close();
    results['baseline_static_page_frame_ms'] = baseline;
    results['load_average'] = os.loadavg().map((n) => Number(n.toFixed(2)));
    results['cpus'] = os.cpus().length;
    log(
      `baseline (static page, same scroll): frame p50 ${baseline.p50.toFixed(1)} ms, p95 ${baseline.p95.toFixed(1)} ms, main thread ${baselineRun.mainThreadMsPerFrame.toFixed(1)} ms/frame; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`,
    );

    // ---- 2a. scrolling 10,000 leases
    await page.locator('.vtable').evaluate((el) => (el.scrollTop = 0));
    const leaseRun = await scrollFrames(page, '.vtable', 60, 600);
    const leaseFrames = stats(leaseRun.deltas);
    results['scroll_leases_main_thread_ms_per_frame'] = Number(
      leaseRun.mainThreadMsPerFrame.toFixed(2),
    );
    results['scroll_leases_frame_ms'] = leaseFrames;
    log(
      `scroll ${LEASES} leases (60 px/frame, 600 frames): frame p50 ${leaseFrames.p50.toFixed(1)} ms, p95 ${leaseFrames.p95.toFixed(1)} ms, max ${leaseFrames.max.toFixed(1)} ms; main thread ${leaseRun.mainThreadMsPerFrame.toFixed(1)} ms/frame (target p95 <= 16)`,
    );

    // ---- 2b. scrolling a 100,000-message room (older pages load as it scrolls up)
    await page.click('[data-view="rooms"]');
    await page.locator('.vrow', { hasText: ROOM }).click();
    const total = (
      await Promise.resolve(engine.handlers.roomMessages({ room: ROOM, limit: 1, filter: {} }))
    ).total;
    if (total === 0) {
      results['scroll_messages_frame_ms'] =
        'skipped: the engine serves no room messages (history index not wired into createMonitor)';
      log(
        'scroll messages: skipped (the engine returns no room messages yet: the history index is not wired into createMonitor)',
      );
    } else {
      await page.locator('.msg-row').first().waitFor({ timeout: 120_000 });
      await page.locator('.stream-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
      const upRun = await scrollFrames(page, '.stream-scroll', -60, 600);
      const up = stats(upRun.deltas);
      results['scroll_messages_main_thread_ms_per_frame'] = Number(
        upRun.mainThreadMsPerFrame.toFixed(2),
      );
      const loaded = await page.locator('.msg-row').first().getAttribute('data-cursor');
      results['scroll_messages_frame_ms'] = up;
      log(
        `scroll ${total} messages upward (60 px/frame, 600 frames, paging older as it goes; reached cursor ${loaded}): frame p50 ${up.p50.toFixed(1)} ms, p95 ${up.p95.toFixed(1)} ms, max ${up.max.toFixed(1)} ms; main thread ${upRun.mainThreadMsPerFrame.toFixed(1)} ms/frame (target p95 <= 16)`,
      );
    }
    await context.close();
  } finally {
    await browser.close();
    await harness.close();
  }
  if (JSON_OUT) console.log(JSON.stringify(results, null, 2));
}

await main();
