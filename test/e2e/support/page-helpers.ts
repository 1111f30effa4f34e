import type { Browser, Page } from 'playwright-core';

/** The window size every test and screenshot uses unless it asks for another. */
export const DEFAULT_VIEWPORT = { width: 1440, height: 860 };

/** Open the monitor like an operator does (the URL `baton monitor` prints) and wait until live. */
export async function openMonitor(
  browser: Browser,
  url: string,
  options: { theme?: 'light' | 'dark'; width?: number; height?: number } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: {
      width: options.width ?? DEFAULT_VIEWPORT.width,
      height: options.height ?? DEFAULT_VIEWPORT.height,
    },
  });
  if (options.theme) {
    await context.addInitScript(
      (theme) => localStorage.setItem('baton.theme', theme),
      options.theme,
    );
  }
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('[page error]', error.message));
  // Generous: a monitor just started on 10,000 leases, on a shared machine, can be slow to answer.
  await page.goto(url, { timeout: 120_000 });
  await waitUntilLive(page);
  return page;
}

/** Wait until the top bar reads "live": connected, and the first snapshot applied. */
export async function waitUntilLive(page: Page): Promise<void> {
  await page
    .locator('[data-testid="connection-state"][data-state="live"]')
    .waitFor({ timeout: 120_000 });
}

export async function showView(page: Page, view: string): Promise<void> {
  await page.click(`[data-view="${view}"]`);
  await page.locator(`[data-view="${view}"][aria-selected="true"]`).waitFor();
}

/** A table row (role=row) containing `text`. */
export function row(page: Page, text: string) {
  return page.locator('.vrow', { hasText: text });
}

/** The state word on the pill in column `col` of the row containing `text`. */
export async function cellState(page: Page, text: string, col: string): Promise<string | null> {
  return row(page, text).locator(`[data-col="${col}"] .pill`).getAttribute('data-state');
}

/** Wait until the pill in column `col` of the row containing `text` reads `word`. */
export async function waitForCellState(
  page: Page,
  text: string,
  col: string,
  word: string,
  timeout = 15_000,
): Promise<void> {
  await row(page, text)
    .locator(`[data-col="${col}"] .pill[data-state="${word}"]`)
    .waitFor({ timeout });
}
