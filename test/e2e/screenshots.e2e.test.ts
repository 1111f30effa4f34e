import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { acquireLease } from '../../core/leases/index.ts';
import { initDirectory } from '../../core/root.ts';
import { REPO_ROOT } from '../support/processes.ts';
import { startApp, type AppShell } from './support/app-shell.ts';
import { seedDemoFleet } from './support/demo-fleet.ts';
import { row, showView } from './support/page-helpers.ts';

/**
 * A screenshot of every view in both themes on the demo fleet, with a detail pane open where
 * the view has one, plus the empty and 10,000-row states, into test-output/screenshots/ for a
 * human to look at (ui.md "Check it by looking").
 */
const OUT = path.join(REPO_ROOT, 'test-output/screenshots');
const VIEWS = [
  'attention',
  'leases',
  'agents',
  'rooms',
  'runs',
  'handoffs',
  'unsettled',
  'timeline',
  'audit',
] as const;
const DETAIL_ROW: Partial<Record<(typeof VIEWS)[number], string>> = {
  attention: 'Stale lease',
  leases: 'NotificationPreferencesPanel',
  agents: 'builder-1',
  runs: 'build-42',
  handoffs: 'Tokenizer rewrite',
  unsettled: 'nightly',
};

beforeAll(() => {
  fs.mkdirSync(OUT, { recursive: true });
});

async function shoot(page: Page, name: string): Promise<void> {
  // Let countdowns and fonts settle; nothing animates, so one frame is enough after that.
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

describe('screenshots', () => {
  let app: AppShell;
  beforeAll(async () => {
    app = await startApp({ seed: (dir) => seedDemoFleet(dir) });
    // One more operator action so the audit view has content.
    await app.call('postMessage', {
      room: 'session/s1/general',
      body: 'Operator here: pausing deploys until 15:00',
      kind: 'status',
    });
  });
  afterAll(async () => app?.close());

  for (const theme of ['light', 'dark'] as const) {
    it(`every view, ${theme}`, async () => {
      const win = await app.open({ theme });
      const page = win.page;
      for (const view of VIEWS) {
        await showView(page, view);
        await shoot(page, `${view}-${theme}`);
        const detail = DETAIL_ROW[view];
        if (detail) {
          // Long paths are cut in the middle on screen; the full one is in the title.
          await page
            .locator(`.vrow:has-text("${detail}"), .vrow:has([title*="${detail}"])`)
            .first()
            .click();
          await page.locator('.detail').waitFor();
          await shoot(page, `${view}-detail-${theme}`);
        }
      }
      // A confirmation dialog, as the operator sees it before acting.
      await showView(page, 'leases');
      await row(page, 'src/legacy/auth.ts').click();
      await page
        .locator('.detail-actions')
        .getByRole('button', { name: /release/i })
        .click();
      await page.locator('dialog.dialog[open]').waitFor();
      await shoot(page, `dialog-release-${theme}`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+k');
      await page.locator('.palette-input').fill('src');
      await shoot(page, `palette-${theme}`);
      await page.keyboard.press('Escape');
      await win.close();
    });
  }
});

describe('screenshots: empty and 10,000 rows', () => {
  it('empty directory', async () => {
    const app = await startApp({ seed: (dir) => initDirectory(dir, 'empty') });
    try {
      const { page } = await app.open({ theme: 'light' });
      for (const view of ['attention', 'leases', 'rooms', 'handoffs'] as const) {
        await showView(page, view);
        await shoot(page, `empty-${view}-light`);
      }
    } finally {
      await app.close();
    }
  });

  it('10,000 leases', async () => {
    const app = await startApp({
      seed: (dir) => {
        initDirectory(dir, 'big');
        for (let i = 0; i < 10_000; i++) {
          const owner = `agent-${i % 40}`;
          acquireLease(dir, `pkg-${i % 25}/src/module-${i}/component-${i}.ts`, {
            ttl_ms: 60_000 + (i % 600) * 1_000,
            owner: { id: owner, agent: owner },
          });
        }
      },
    });
    try {
      for (const theme of ['light', 'dark'] as const) {
        const win = await app.open({ theme });
        await showView(win.page, 'leases');
        await win.page.locator('.vtable').evaluate((el) => (el.scrollTop = 150_000));
        await shoot(win.page, `leases-10k-${theme}`);
        await win.close();
      }
    } finally {
      await app.close();
    }
  });

  it('one row, and a directory that went away (banner, last state kept)', async () => {
    const app = await startApp({
      seed: (dir) => {
        initDirectory(dir, 'one');
        acquireLease(dir, 'src/only.ts', { ttl_ms: 600_000, owner: { id: 'solo', agent: 'solo' } });
      },
    });
    try {
      const { page } = await app.open({ theme: 'light' });
      await showView(page, 'leases');
      await shoot(page, 'leases-one-light');
      fs.renameSync(app.dir, `${app.dir}-moved`);
      await page.locator('[data-testid="failure-banner"]').waitFor({ timeout: 15_000 });
      await shoot(page, 'banner-unavailable-light');
      fs.renameSync(`${app.dir}-moved`, app.dir);
    } finally {
      await app.close();
    }
  });
});
