import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createMonitor, type Monitor } from '../../core/monitor/create-monitor.ts';
import { post } from '../../core/rooms/index.ts';
import { parseRoomRef } from '../../core/rooms/room-ref.ts';
import { startMonitorServer, type MonitorServer } from '../../core/server/monitor-server.ts';
import { REPO_ROOT } from '../support/processes.ts';
import { startApp, type AppShell } from './support/app-shell.ts';
import { launchChromium } from './support/browser.ts';
import { seedDemoFleet } from './support/demo-fleet.ts';
import { RENDERER_DIST } from './support/monitor-harness.ts';
import { openMonitor, row, showView } from './support/page-helpers.ts';

/**
 * The Rooms view as an operator uses it on a laptop screen: the room shown stays put while others
 * get busy, the search says (and does) what it searches, the subject keeps its room with the
 * message detail open, the Last column fits its text; and a monitor without its history index
 * says so. Screenshots go to test-output/screenshots/ for a human to look at.
 */
const OUT = path.join(REPO_ROOT, 'test-output/screenshots');
const GENERAL = 'session/s1/general';
const PLANNING = 'workspace/repo-a/planning';

beforeAll(() => {
  fs.mkdirSync(OUT, { recursive: true });
});

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

const streamTitle = (page: Page) => page.locator('.stream-title h2');
const searchBox = (page: Page) => page.locator('.search-form input[type="search"]');

/** The narrowest subject among the message rows on screen, in CSS pixels. */
function narrowestSubject(page: Page): Promise<number> {
  return page
    .locator('.msg-row .msg-subject')
    .evaluateAll((els) => Math.min(...els.map((el) => el.getBoundingClientRect().width)));
}

describe('Rooms view', () => {
  let app: AppShell;
  beforeAll(async () => {
    app = await startApp({ seed: (dir) => seedDemoFleet(dir) });
  });
  afterAll(async () => app?.close());

  it('keeps the room first shown, and the typed search and filters, when another room becomes active', async () => {
    const win = await app.open({ width: 1360, height: 860 });
    try {
      const { page } = win;
      await showView(page, 'rooms');
      // Nothing clicked: the most recently active room opens (the first row of the list).
      const shown = await streamTitle(page).textContent();
      const firstRow = page.locator('.rooms-list .vrow').first();
      await expect(firstRow.getAttribute('aria-selected')).resolves.toBe('true');
      expect([GENERAL, PLANNING]).toContain(shown);
      const other = shown === GENERAL ? PLANNING : GENERAL;
      const otherName = other.split('/').at(-1)!;
      await page.getByRole('textbox', { name: 'From', exact: true }).fill('builder');
      await searchBox(page).fill('tokenizer');
      post(app.dir, parseRoomRef(other), {
        kind: 'status',
        from: 'builder-1',
        body: 'Tokenizer done, starting the AST',
      });
      // The list shows the other room as the most recently active one now...
      await page.waitForFunction(
        (name) => document.querySelector('.rooms-list .vrow')?.textContent?.includes(name),
        otherName,
        { timeout: 15_000 },
      );
      await page.waitForTimeout(300);
      // ...but the stream did not move, and nothing the operator typed was lost.
      await expect(streamTitle(page).textContent()).resolves.toBe(shown);
      await expect(
        page.getByRole('textbox', { name: 'From', exact: true }).inputValue(),
      ).resolves.toBe('builder');
      await expect(searchBox(page).inputValue()).resolves.toBe('tokenizer');
      await expect(
        row(page, shown!.split('/').at(-1)!).first().getAttribute('aria-selected'),
      ).resolves.toBe('true');
    } finally {
      await win.close();
    }
  });

  it('searches this room or all rooms, as it says, and opens a hit in another room', async () => {
    const win = await app.open({ width: 1360, height: 860 });
    try {
      const { page } = win;
      await showView(page, 'rooms');
      await row(page, 'general').first().click();
      await expect(streamTitle(page).textContent()).resolves.toBe(GENERAL);
      await expect(searchBox(page).getAttribute('placeholder')).resolves.toBe('search this room…');
      // "CI" is only said in the planning room: this room has no match...
      await searchBox(page).fill('CI');
      await searchBox(page).press('Enter');
      const head = page.locator('.search-results-head');
      await head.getByText('0 matches for “CI” in this room').waitFor();
      // ...all rooms has it, with its room named.
      await page.getByRole('radio', { name: 'all rooms' }).click();
      await head.getByText('1 match for “CI” in all rooms').waitFor();
      await expect(searchBox(page).getAttribute('placeholder')).resolves.toBe('search all rooms…');
      const hit = page.locator('.search-hit');
      await expect(hit.locator('.search-hit-room').textContent()).resolves.toBe(PLANNING);
      await hit.click();
      // The hit opens in its room, selected, with its detail.
      await expect(streamTitle(page).textContent()).resolves.toBe(PLANNING);
      await page.locator('.detail').getByText('CI takes 6 minutes on main').first().waitFor();
      await page.locator('.msg-row.selected', { hasText: 'CI takes 6 minutes' }).waitFor();
    } finally {
      await win.close();
    }
  });

  for (const [width, height] of [
    [1360, 860],
    [1920, 1080],
  ] as const) {
    it(`keeps the subject readable with the message detail open at ${width}x${height}`, async () => {
      const win = await app.open({ width, height, theme: 'light' });
      try {
        const { page } = win;
        await showView(page, 'rooms');
        await row(page, 'general').first().click();
        await page.locator('.msg-row', { hasText: 'Build 42 running' }).click();
        await page.locator('.detail').waitFor();
        await page.locator('.msg-row .msg-subject').first().waitFor();
        await shoot(page, `rooms-detail-${width}-light`);
        const narrowest = await narrowestSubject(page);
        expect(narrowest).toBeGreaterThanOrEqual(width >= 1920 ? 300 : 120);
        // The subject shows its words, not just an ellipsis.
        const shown = await page
          .locator('.msg-row', { hasText: 'Build 42 running' })
          .locator('.msg-subject')
          .evaluate((el) => ({ client: el.clientWidth, text: el.textContent ?? '' }));
        expect(shown.client).toBeGreaterThan(100);
      } finally {
        await win.close();
      }
    });
  }

  it('tells apart rooms that differ only in their scope_id, full key on hover', async () => {
    for (const key of ['workspace/acme-app/planning', 'workspace/acme-web/planning']) {
      post(app.dir, parseRoomRef(key), { kind: 'status', from: 'builder-1', body: `in ${key}` });
    }
    const win = await app.open({ width: 1400, height: 900 });
    try {
      const { page } = win;
      await showView(page, 'rooms');
      const names = page.locator('.rooms-list .vrow .line-1');
      await page.locator('.rooms-list .vrow', { hasText: 'acme-web' }).waitFor();
      const texts = await names.allTextContents();
      expect(texts).toContain('workspace/acme-app/planning');
      expect(texts).toContain('workspace/acme-web/planning');
      expect(new Set(texts).size).toBe(texts.length);
      // The stream keeps the room its subjects need.
      const stream = await page.locator('.stream').evaluate((el) => el.clientWidth);
      expect(stream).toBeGreaterThan(700);
      await shoot(page, 'rooms-scope-ids-1400');
    } finally {
      await win.close();
    }
  });

  it('sizes the Last column for the longest relative time it can show', async () => {
    const win = await app.open({ width: 1360, height: 860 });
    try {
      const { page } = win;
      await showView(page, 'rooms');
      const cell = page.locator('.rooms-list .vrow').first().locator('[data-col="last"]');
      await cell.locator('time').waitFor();
      // formatAgo's longest forms (three-digit days; clock skew reads "in …").
      for (const text of [
        '2m 30s ago',
        '59m 59s ago',
        '23h 59m ago',
        '999d 23h ago',
        'in 59m 59s',
      ]) {
        const fit = await cell.evaluate((el, t) => {
          const time = el.querySelector('time')!;
          const before = time.textContent;
          time.textContent = t;
          const result = { scroll: el.scrollWidth, client: el.clientWidth };
          time.textContent = before;
          return result;
        }, text);
        expect(fit.scroll, `"${text}" fits the Last column`).toBeLessThanOrEqual(fit.client);
      }
    } finally {
      await win.close();
    }
  });
});

describe('Rooms view without a history index', () => {
  let monitor: Monitor | undefined;
  let server: MonitorServer | undefined;
  let browser: Browser | undefined;
  let dir: string;
  let notADir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-e2e-'));
    seedDemoFleet(dir);
    // A data directory that is a file: the SQLite index cannot be opened, as on a broken disk.
    notADir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-e2e-data-')), 'data');
    fs.writeFileSync(notADir, 'not a directory');
    monitor = await createMonitor({ dir, dataDir: notADir, operator: 'operator@e2e' });
    server = await startMonitorServer({ service: monitor, staticDir: RENDERER_DIST });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await monitor?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(path.dirname(notADir), { recursive: true, force: true });
  });

  it('says history and search are unavailable, why, and that the current state is live', async () => {
    const page = await openMonitor(browser!, server!.url, {
      theme: 'light',
      width: 1360,
      height: 860,
    });
    try {
      await showView(page, 'rooms');
      const banner = page.locator('[data-testid="history-banner"]');
      await banner.waitFor();
      const text = (await banner.textContent()) ?? '';
      expect(text).toContain('History and search are unavailable');
      expect(text).toContain('the history index could not be opened');
      expect(text).toContain('is still live');
      await expect(page.locator('[data-testid="failure-banner"]').count()).resolves.toBe(0);
      await expect(searchBox(page).getAttribute('placeholder')).resolves.toBe(
        'history unavailable',
      );
      await expect(searchBox(page).isDisabled()).resolves.toBe(true);
      await expect(
        page.locator('[data-testid="room-message-count"]').textContent(),
      ).resolves.toMatch(/^history unavailable · /);
      await expect(
        row(page, 'general').first().locator('.line-2').textContent(),
      ).resolves.toContain('history unavailable');
      await expect(page.locator('.rooms-list').getByText('0 msgs').count()).resolves.toBe(0);
      await shoot(page, 'banner-history-unavailable-light');
    } finally {
      await page.context().close();
    }
  });
});
