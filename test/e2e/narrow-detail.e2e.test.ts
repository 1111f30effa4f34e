import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type AppShell } from './support/app-shell.ts';
import { seedDemoFleet } from './support/demo-fleet.ts';
import { showView } from './support/page-helpers.ts';

/**
 * A small screen (1000x700) with a detail open: each list drops whole columns, least important
 * first, and keeps its state and recommended action whole and in view.
 */
let app: AppShell;

beforeAll(async () => {
  app = await startApp({ seed: (dir) => seedDemoFleet(dir) });
});
afterAll(async () => app?.close());

/** Headers shown, and the columns with a cell cut off or out of the table's view. */
async function layout(page: Page, view: string) {
  await showView(page, view);
  await page.locator('.vrow').first().click();
  await page.locator('.view-body .detail').waitFor();
  await page.waitForTimeout(300);
  const headers = await page.locator('.vtable [role=columnheader]').allTextContents();
  const cut = await page.evaluate(() => {
    const table = document.querySelector('.vtable')!.getBoundingClientRect();
    const out = new Set<string>();
    for (const cell of document.querySelectorAll<HTMLElement>('.vtable [role=gridcell]')) {
      const box = cell.getBoundingClientRect();
      const inner = cell.firstElementChild as HTMLElement | null;
      const clipped =
        cell.scrollWidth > cell.clientWidth + 1 ||
        (inner !== null && inner.scrollWidth > inner.clientWidth + 1);
      if (clipped || box.right > table.right + 1) out.add(cell.dataset['col'] ?? '?');
    }
    return [...out];
  });
  return { headers: headers.map((h) => h.replace(/[↑↓]/g, '').trim()), cut };
}

describe('lists with a detail open at 1000x700', () => {
  it('Attention keeps severity and the recommended action', async () => {
    const { page, close } = await app.open({ width: 1000, height: 700 });
    try {
      const { headers, cut } = await layout(page, 'attention');
      expect(headers).toContain('Severity');
      expect(headers).toContain('Recommended');
      expect(headers).not.toContain('For');
      expect(cut).not.toContain('severity');
      await expect(page.locator('.vtable .row-action').first().isVisible()).resolves.toBe(true);
    } finally {
      await close();
    }
  });

  it('Leases keeps the state pill and the expiry whole', async () => {
    const { page, close } = await app.open({ width: 1000, height: 700 });
    try {
      const { headers, cut } = await layout(page, 'leases');
      expect(headers).toEqual(expect.arrayContaining(['Resource', 'State', 'Expiry']));
      expect(cut).not.toContain('state');
      expect(cut).not.toContain('expires');
    } finally {
      await close();
    }
  });

  it('Runs keeps the status whole', async () => {
    const { page, close } = await app.open({ width: 1000, height: 700 });
    try {
      const { headers, cut } = await layout(page, 'runs');
      expect(headers).toEqual(expect.arrayContaining(['Run', 'Status']));
      expect(cut).not.toContain('status');
    } finally {
      await close();
    }
  });
});
