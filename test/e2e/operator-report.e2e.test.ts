import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { heartbeat } from '../../core/agents/index.ts';
import { acquireLease } from '../../core/leases/index.ts';
import { REPO_ROOT } from '../support/processes.ts';
import { shellKind, startApp, type AppShell } from './support/app-shell.ts';
import { launchChromium } from './support/browser.ts';
import { seedDemoFleet } from './support/demo-fleet.ts';
import { startHarness, type MonitorHarness } from './support/monitor-harness.ts';
import { row, showView, waitUntilLive } from './support/page-helpers.ts';

/**
 * What an operator testing the monitor reported, each checked in the real UI on the demo fleet:
 * release controls named by what their dialog does, the Timeline in 24-hour time on the
 * server's clock with captions that say what is counted, and no rail count that appears only
 * once a view was opened. Screenshots go to test-output/screenshots/ to look at.
 */
const OUT = path.join(REPO_ROOT, 'test-output/screenshots');

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

/** A lock directory without an owner record, older than the grace period: "unrecorded". */
function seedUnrecorded(dir: string, resource: string): void {
  const lock = path.join(dir, 'locks', `${resource}.lock.d`);
  fs.mkdirSync(lock, { recursive: true });
  const old = new Date(Date.now() - 10 * 60_000);
  fs.utimesSync(lock, old, old);
}

let app: AppShell;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  app = await startApp({
    seed: (dir) => {
      seedDemoFleet(dir);
      seedUnrecorded(dir, 'src/orphan.ts');
      // An agent that will be marked gone while it still holds one active lease.
      heartbeat(dir, 'ghost', { name: 'Ghost' });
      const r = acquireLease(dir, 'src/ghost.ts', {
        ttl_ms: 3_600_000,
        owner: { id: 'ghost', agent: 'ghost' },
      });
      if (!r.acquired) throw new Error(r.message);
    },
  });
  ({ page } = await app.open({ theme: 'light' }));
});

afterAll(async () => {
  await app?.close();
});

describe('release controls say what their dialog does', () => {
  async function detailButton(resource: string): Promise<string> {
    await showView(page, 'leases');
    await row(page, resource).first().click();
    await page.locator('.detail').waitFor();
    const button = page.locator('.detail-actions button.primary');
    await page.waitForFunction(
      (r) => document.querySelector('.detail')?.textContent?.includes(r),
      resource,
    );
    return (await button.textContent()) ?? '';
  }

  it('an unrecorded lease: the detail offers Force-release…, which opens the force-release', async () => {
    await showView(page, 'leases');
    await row(page, 'src/orphan.ts').waitFor({ timeout: 15_000 });
    expect(await detailButton('src/orphan.ts')).toBe('Force-release…');
    await shoot(page, 'leases-detail-unrecorded-light');
    await page.locator('.detail-actions button.primary').click();
    const dialog = page.locator('dialog.dialog[open]');
    await dialog.waitFor();
    await expect(dialog.locator('#action-title').textContent()).resolves.toBe(
      'Force-release src/orphan.ts',
    );
    await expect(dialog.textContent()).resolves.toContain('Reason (required');
    await shoot(page, 'dialog-force-release-unrecorded-light');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));
  });

  it('a stale lease reads Release…, an active one Force-release…', async () => {
    expect(await detailButton('src/legacy/auth.ts')).toBe('Release…');
    expect(await detailButton('src/parser.ts')).toBe('Force-release…');
  });

  it('Attention: the unrecorded lease and a departed agent’s active lease are both Force-release…', async () => {
    await app.call('markAgentGone', { agent_id: 'ghost', reason: 'e2e: host decommissioned' });
    await showView(page, 'attention');
    const orphan = row(page, 'src/orphan.ts').locator('.row-action');
    await orphan.waitFor({ timeout: 15_000 });
    await expect(orphan.textContent()).resolves.toBe('Force-release src/orphan.ts…');
    const ghost = row(page, 'Departed agent ghost').locator('.row-action');
    await ghost.waitFor({ timeout: 15_000 });
    await expect(ghost.textContent()).resolves.toBe('Force-release src/ghost.ts…');
    await ghost.click();
    const dialog = page.locator('dialog.dialog[open]');
    await dialog.waitFor();
    await expect(dialog.locator('#action-title').textContent()).resolves.toBe(
      'Force-release src/ghost.ts',
    );
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));
  });
});

describe('Timeline', () => {
  it('draws its time axis and reads its buckets in 24-hour time, and says what each bucket counts', async () => {
    // Record what the charts draw (uPlot writes its tick labels on a canvas).
    await page.evaluate(() => {
      const drawn: string[] = [];
      (window as unknown as { __drawn: string[] }).__drawn = drawn;
      const fillText = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
        drawn.push(String(text));
        return fillText.call(this, text, ...rest);
      };
    });
    await showView(page, 'timeline');
    const leases = page.locator('figure.chart', { hasText: 'Leases held' });
    await leases.waitFor({ timeout: 15_000 });
    await expect(leases.locator('figcaption > span').first().textContent()).resolves.toBe(
      'Leases held at some point in each minute',
    );
    await expect(
      page
        .locator('figure.chart', { hasText: 'Agents alive' })
        .locator('figcaption > span')
        .first()
        .textContent(),
    ).resolves.toBe('Agents alive at some point in each minute');
    // Wait for the time axis to be drawn, whatever its format, then read it.
    await page.waitForFunction(() =>
      (window as unknown as { __drawn: string[] }).__drawn.some((t) => /\d:\d\d/.test(t)),
    );
    const drawn = await page.evaluate(() => (window as unknown as { __drawn: string[] }).__drawn);
    expect(drawn.filter((t) => /am|pm/i.test(t))).toEqual([]);
    expect(drawn.filter((t) => /\d+\/\d+/.test(t))).toEqual([]);
    expect(drawn.some((t) => /^\d\d:\d\d$/.test(t))).toBe(true);

    // The readout: the latest bucket's span, then the hovered one's, both in 24-hour time.
    const span = leases.locator('[data-testid="chart-span"]');
    const latest = (await span.textContent())?.trim() ?? '';
    expect(latest).toMatch(/^\d\d:\d\d–\d\d:\d\d$/);
    // uPlot's plot area (the axes around it take the rest of the canvas).
    const box = await leases.locator('.u-over').boundingBox();
    if (!box) throw new Error('no chart plot area');
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
    await page.waitForFunction(
      (before) =>
        document.querySelector('figure.chart [data-testid="chart-span"]')?.textContent?.trim() !==
        before,
      latest,
    );
    const hovered = (await span.textContent())?.trim() ?? '';
    expect(hovered).toMatch(/^\d\d:\d\d–\d\d:\d\d$/);
    // The cursor is synced: every chart reads the same bucket.
    const spans = await page.locator('[data-testid="chart-span"]').allTextContents();
    expect(new Set(spans.map((s) => s.trim()))).toEqual(new Set([hovered]));
    await shoot(page, 'timeline-hover-light');
    await page.mouse.move(0, 0);
  });
});

describe('rail counts', () => {
  it('Audit (and Timeline) show no count, before and after the view is opened', async () => {
    await page.reload();
    await waitUntilLive(page);
    await expect(page.locator('[data-testid="count-leases"]').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid="count-audit"]').count()).resolves.toBe(0);
    await showView(page, 'audit');
    await row(page, 'mark_agent_gone').waitFor({ timeout: 15_000 });
    await showView(page, 'timeline');
    await showView(page, 'audit');
    await row(page, 'mark_agent_gone').waitFor();
    await expect(page.locator('[data-testid="count-audit"]').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid="count-timeline"]').count()).resolves.toBe(0);
  });
});

// The page's own clock is set three hours ahead of the server's: the Timeline must still ask
// for the window ending at the server's now. Web mode only (the clock is shifted by an init
// script in the browser context; the Electron shell has its own tests of the window).
describe.skipIf(shellKind() === 'electron')('Timeline on the server clock', () => {
  const SHIFT_MS = 3 * 3_600_000;
  let harness: MonitorHarness;
  let browser: Browser;

  beforeAll(async () => {
    harness = await startHarness({ seed: (dir) => seedDemoFleet(dir) });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('requests the range ending at server time, not the browser clock', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 860 } });
    await context.addInitScript((shift: number) => {
      const RealDate = Date;
      class ShiftedDate extends RealDate {
        constructor(...args: unknown[]) {
          if (args.length === 0) super(RealDate.now() + shift);
          else super(...(args as [number]));
        }
        static override now(): number {
          return RealDate.now() + shift;
        }
      }
      (globalThis as unknown as { Date: DateConstructor }).Date = ShiftedDate as DateConstructor;
    }, SHIFT_MS);
    const shifted = await context.newPage();
    const requested: { to_ms: number; from_ms: number; bucket_ms: number }[] = [];
    shifted.on('websocket', (ws) =>
      ws.on('framesent', ({ payload }) => {
        try {
          const frame = JSON.parse(String(payload)) as {
            method?: string;
            input?: { to_ms: number; from_ms: number; bucket_ms: number };
          };
          if (frame.method === 'timeline' && frame.input) requested.push(frame.input);
        } catch {
          // not a call frame
        }
      }),
    );
    await shifted.goto(harness.url, { timeout: 120_000 });
    await waitUntilLive(shifted);
    // The shift took: the UI's clock offset is about minus three hours.
    const offset = await shifted.evaluate(
      () =>
        (
          window as unknown as {
            __baton: { monitor: { getState(): { clock: { offset_ms: number } } } };
          }
        ).__baton.monitor.getState().clock.offset_ms,
    );
    expect(Math.abs(offset + SHIFT_MS)).toBeLessThan(60_000);

    await showView(shifted, 'timeline');
    await shifted.locator('figure.chart').first().waitFor({ timeout: 15_000 });
    const serverNow = Date.now();
    expect(requested.length).toBeGreaterThan(0);
    for (const input of requested) {
      // Rounded up to a whole bucket, so at most one bucket ahead of the server's now.
      expect(input.to_ms).toBeGreaterThanOrEqual(serverNow - 30_000);
      expect(input.to_ms).toBeLessThanOrEqual(serverNow + input.bucket_ms + 5_000);
      expect(input.to_ms - input.from_ms).toBe(3_600_000);
    }
    // And the chart's latest bucket is the server's current minute (or the one just before,
    // if a minute turned meanwhile), in its own wall time.
    const span = (await shifted.locator('[data-testid="chart-span"]').first().textContent()) ?? '';
    const minute = (ms: number) => {
      const d = new Date(Math.floor(ms / 60_000) * 60_000);
      return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    };
    expect([minute(serverNow), minute(serverNow - 60_000)]).toContain(span.trim().slice(0, 5));
    await context.close();
  });
});
