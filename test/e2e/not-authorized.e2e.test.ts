import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { initDirectory } from '../../core/root.ts';
import { REPO_ROOT } from '../support/processes.ts';
import { shellKind } from './support/app-shell.ts';
import { launchChromium } from './support/browser.ts';
import { startHarness, type MonitorHarness } from './support/monitor-harness.ts';
import { DEFAULT_VIEWPORT, openMonitor } from './support/page-helpers.ts';

/**
 * A link whose token the monitor does not accept (typically: the monitor restarted, so its
 * token changed) must say so plainly and stop, instead of "reconnecting" forever. The token is
 * web mode's alone (Electron's window talks to its own engine over IPC), hence web only.
 */
const OUT = path.join(REPO_ROOT, 'test-output/screenshots');
const REFUSED =
  "Not authorized: this link's token is not valid (the monitor may have restarted); open the URL the monitor printed.";

describe.skipIf(shellKind() !== 'web')('web mode: a token the monitor does not accept', () => {
  let dir: string;
  let browser: Browser;
  let current: MonitorHarness | undefined;

  beforeAll(async () => {
    fs.mkdirSync(OUT, { recursive: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-e2e-auth-'));
    initDirectory(dir, 'auth');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await current?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a page left open across a monitor restart reads "not authorized" and stops retrying', async () => {
    const first = await startHarness({ dir });
    current = first;
    const page = await openMonitor(browser, first.url, { theme: 'light' });
    const port = Number(new URL(first.url).port);
    await first.close();
    current = undefined;
    // While it is down, that is all the page can know: it keeps trying.
    await page
      .locator('[data-testid="connection-state"][data-state="disconnected"]')
      .waitFor({ timeout: 15_000 });
    // The monitor is back where the page expects it, with a new token.
    current = await startHarness({ dir, port });
    await page
      .locator('[data-testid="connection-state"][data-state="not authorized"]')
      .waitFor({ timeout: 30_000 });
    const banner = page.locator('[data-testid="failure-banner"][data-cause="unauthorized"]');
    await expect(banner.textContent()).resolves.toContain(REFUSED);
    // It stopped: not one more socket.
    let sockets = 0;
    page.on('websocket', () => (sockets += 1));
    await page.waitForTimeout(3_000);
    expect(sockets).toBe(0);
    await page.screenshot({ path: path.join(OUT, 'not-authorized-light.png') });
    await page.context().close();
    // The URL the monitor printed works.
    const fresh = await openMonitor(browser, current.url);
    await fresh.context().close();
  });

  it('opening a link with a wrong token shows the refusal in words', async () => {
    if (!current) throw new Error('the previous case left no monitor running');
    const context = await browser.newContext({ viewport: DEFAULT_VIEWPORT });
    const page = await context.newPage();
    const response = await page.goto(new URL('/?token=wrong', current.url).toString());
    expect(response?.status()).toBe(401);
    await expect(page.locator('body').textContent()).resolves.toMatch(
      /^Not authorized: this link's token is not valid/,
    );
    await page.screenshot({ path: path.join(OUT, 'not-authorized-link-light.png') });
    await context.close();
  });
});
