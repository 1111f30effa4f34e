import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseRoomRef, post } from '../../core/rooms/index.ts';
import { startApp, type AppShell } from './support/app-shell.ts';
import { seedDemoFleet } from './support/demo-fleet.ts';
import { row, showView } from './support/page-helpers.ts';

/**
 * The monitor without a mouse: a Ctrl+K jump leaves focus on what it opened (so Esc closes it),
 * and a room's messages can be walked and opened from the keyboard.
 */
let app: AppShell;

beforeAll(async () => {
  app = await startApp({ seed: (dir) => seedDemoFleet(dir) });
});
afterAll(async () => app?.close());

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}.${el.className}` : '';
  });

/** Open the demo's general room and wait for its messages: the stream's listbox. */
async function openGeneralRoom(page: Page) {
  await showView(page, 'rooms');
  await row(page, 'general').first().click();
  const log = page.getByRole('listbox', { name: 'Messages in session/s1/general' });
  await log.locator('.msg-row').first().waitFor();
  return log;
}

describe('keyboard', () => {
  it('a Ctrl+K jump focuses the opened detail, and Esc closes it', async () => {
    const win = await app.open({ width: 1440, height: 860 });
    try {
      const { page } = win;
      await showView(page, 'attention');
      await page.keyboard.press('Control+k');
      await page.locator('.palette-input').fill('src/legacy/auth.ts');
      await page.keyboard.press('Enter');
      await page.locator('[data-view="leases"][aria-selected="true"]').waitFor();
      await page.locator('.view-body .detail').waitFor();
      await expect.poll(() => focused(page)).toBe('aside.detail');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('.view-body .detail').count()).toBe(0);
    } finally {
      await win.close();
    }
  });

  it('walks a room with the arrow keys and opens a message with Enter', async () => {
    const win = await app.open({ width: 1440, height: 860 });
    try {
      const { page } = win;
      const log = await openGeneralRoom(page);
      await log.focus();
      // The first press lands on the newest message, the next one above it.
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      const rows = await log.locator('.msg-row').count();
      const active = log.locator('.msg-row.active');
      await expect(active.getAttribute('id')).resolves.toBe(
        await log.getAttribute('aria-activedescendant'),
      );
      const subject = (await active.locator('.msg-subject').textContent()) ?? '';
      expect(
        await log
          .locator('.msg-row')
          .nth(rows - 2)
          .locator('.msg-subject')
          .textContent(),
      ).toBe(subject);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.detail .detail-title').textContent()).toBe(subject);
      await expect.poll(() => focused(page)).toBe('aside.detail');
      // Esc in the detail closes it and gives the log its focus back, on the same message.
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('.detail').count()).toBe(0);
      await expect.poll(() => focused(page)).toBe('div.stream-scroll');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const newest =
        (await log
          .locator('.msg-row')
          .nth(rows - 1)
          .locator('.msg-subject')
          .textContent()) ?? '';
      await expect.poll(() => page.locator('.detail .detail-title').textContent()).toBe(newest);
    } finally {
      await win.close();
    }
  });

  it('tells a screen reader of a message that arrives in the open room', async () => {
    const win = await app.open({ width: 1440, height: 860 });
    try {
      const { page } = win;
      await openGeneralRoom(page);
      const region = page.getByTestId('stream-announcement');
      expect(await region.getAttribute('aria-live')).toBe('polite');
      post(app.dir, parseRoomRef('session/s1/general'), {
        kind: 'status',
        from: 'reviewer-7',
        subject: 'spoken aloud',
        body: 'a new message',
      });
      await expect
        .poll(() => region.textContent(), { timeout: 10_000 })
        .toBe('New message from reviewer-7 in session/s1/general: spoken aloud');
    } finally {
      await win.close();
    }
  });
});
