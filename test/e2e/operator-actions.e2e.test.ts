import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { heartbeat } from '../../core/agents/index.ts';
import { createHandoff } from '../../core/handoffs/index.ts';
import { acquireLease, releaseLease } from '../../core/leases/index.ts';
import { initDirectory } from '../../core/root.ts';
import { startApp, type AppShell } from './support/app-shell.ts';
import { row, showView, waitForCellState } from './support/page-helpers.ts';

/**
 * Operator actions through the UI against the real engine: every one confirmed, audited,
 * compare-and-swap on what was shown, and its outcome (ok or refused) shown plainly.
 */
let app: AppShell;
let page: Page;

beforeAll(async () => {
  app = await startApp({ seed: (dir) => initDirectory(dir, 'actions') });
  ({ page } = await app.open());
});

afterAll(async () => {
  await app?.close();
});

function operatorAudit(): Record<string, unknown>[] {
  const file = path.join(app.dir, 'audit/operator.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function roomLines(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.jsonl'))
        for (const l of fs.readFileSync(p, 'utf8').split('\n'))
          if (l.trim()) out.push(JSON.parse(l) as Record<string, unknown>);
    }
  };
  walk(path.join(app.dir, 'rooms'));
  return out;
}

async function openLease(resource: string): Promise<void> {
  await showView(page, 'leases');
  await row(page, resource).click();
  await page.locator('.detail').waitFor();
}

async function confirmAction(p: Page, reason?: string): Promise<string> {
  const dialog = p.locator('dialog.dialog[open]');
  await dialog.waitFor();
  if (reason !== undefined) await dialog.locator('textarea').fill(reason);
  await dialog.locator('[data-testid="confirm-action"]').click();
  const outcome = dialog.locator('[data-testid="action-outcome"]');
  await outcome.waitFor({ timeout: 15_000 });
  return (await outcome.getAttribute('data-outcome')) ?? '';
}

/**
 * Confirm, or find the dialog refusing to: the subject changed under it (another window decided
 * first and the live follow disabled confirm). Returns the outcome, or 'blocked'.
 */
async function confirmOrBlocked(p: Page): Promise<string> {
  const dialog = p.locator('dialog.dialog[open]');
  const outcome = dialog.locator('[data-testid="action-outcome"]');
  const changed = dialog.locator('[data-testid="subject-changed"]');
  try {
    await dialog.locator('[data-testid="confirm-action"]').click({ timeout: 5_000 });
  } catch {
    await changed.waitFor({ timeout: 5_000 });
    return 'blocked';
  }
  // The click may also land just as the change arrives: the dialog then sends nothing and says so.
  await outcome.or(changed).first().waitFor({ timeout: 15_000 });
  if ((await outcome.count()) === 0) return 'blocked';
  return (await outcome.getAttribute('data-outcome')) ?? '';
}

/** What has keyboard focus: its role or tag, and its text. */
async function focused(p: Page): Promise<{ role: string; text: string }> {
  return p.evaluate(() => {
    const el = document.activeElement;
    return {
      role: el?.getAttribute('role') ?? el?.tagName.toLowerCase() ?? '',
      text: el?.textContent?.trim() ?? '',
    };
  });
}

async function closeDialog(p: Page): Promise<void> {
  await p.keyboard.press('Escape');
  await p
    .locator('dialog.dialog[open]')
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  await p.waitForFunction(() => !document.querySelector('dialog[open]'));
}

describe('leases', () => {
  it('a lease whose countdown passes zero flips to stale on the spot and appears in Attention', async () => {
    heartbeat(app.dir, 'tester', { name: 'Tester' });
    const lease = acquireLease(app.dir, 'src/flaky.ts', {
      ttl_ms: 3_000,
      owner: { id: 'tester', agent: 'tester' },
    });
    if (!lease.acquired) throw new Error(lease.message);
    await showView(page, 'leases');
    await waitForCellState(page, 'src/flaky.ts', 'state', 'active');
    await waitForCellState(page, 'src/flaky.ts', 'state', 'stale', 10_000);
    // The flip is driven by the page's own clock: it happens within a tick of the expiry.
    const lateBy = (await page.evaluate(() => Date.now())) - lease.record.expires_at_ms;
    expect(lateBy).toBeLessThan(1_000);
    await showView(page, 'attention');
    await row(page, 'src/flaky.ts').waitFor();
  });

  it('releasing it from Attention removes it, writes the audit line and messages the holder', async () => {
    await row(page, 'src/flaky.ts').locator('.row-action').click();
    const dialog = page.locator('dialog.dialog[open]');
    await expect(dialog.textContent()).resolves.toContain('tester');
    expect(await confirmAction(page, 'holder stopped renewing')).toBe('ok');
    // The outcome's Close has focus (Enter ends the dialog), and the record above it is headed
    // as what it was, not as what is now.
    await expect(focused(page)).resolves.toEqual({ role: 'button', text: 'Close' });
    await expect(dialog.locator('h3').first().textContent()).resolves.toBe('Before');
    await expect(dialog.textContent()).resolves.not.toMatch(/As it is now|State now/);
    // The audit entry is one click away, and the row is already gone behind the dialog.
    await dialog.getByText('View audit entry').click();
    await page.locator('[data-view="audit"][aria-selected="true"]').waitFor();
    const selected = page.locator('.vrow.selected');
    await selected.waitFor({ timeout: 15_000 });
    await expect(selected.textContent()).resolves.toContain('release_lease');
    await expect(page.locator('.detail').textContent()).resolves.toContain(
      'holder stopped renewing',
    );
    await showView(page, 'attention');
    await page.waitForFunction(
      () =>
        ![...document.querySelectorAll('.vrow')].some((r) =>
          r.textContent?.includes('src/flaky.ts'),
        ),
    );
    expect(fs.existsSync(path.join(app.dir, 'locks/src/flaky.ts.lock.d'))).toBe(false);
    const audit = operatorAudit().find(
      (e) => e['action'] === 'release_lease' && String(e['target']).includes('src/flaky.ts'),
    );
    expect(audit?.['result']).toBe('ok');
    expect(audit?.['reason']).toBe('holder stopped renewing');
    const told = roomLines().find(
      (m) => m['to'] === 'tester' && JSON.stringify(m).includes('src/flaky.ts'),
    );
    expect(told).toBeDefined();
    await showView(page, 'leases');
    await expect(row(page, 'src/flaky.ts').count()).resolves.toBe(0);
  });

  it('a lease that changes hands while its dialog is open: the dialog follows and will not confirm', async () => {
    const first = acquireLease(app.dir, 'src/contested.ts', {
      ttl_ms: 600_000,
      owner: { id: 'alice', agent: 'alice' },
    });
    if (!first.acquired) throw new Error(first.message);
    await openLease('src/contested.ts');
    await page.locator('.detail').getByText(first.token).waitFor();
    await page
      .locator('.detail-actions')
      .getByRole('button', { name: /release/i })
      .click();
    await page.locator('dialog.dialog[open]').getByText(first.token).waitFor();
    // Behind the operator's back: alice releases, bob takes it.
    releaseLease(app.dir, 'src/contested.ts', { token: first.token });
    const second = acquireLease(app.dir, 'src/contested.ts', {
      ttl_ms: 600_000,
      owner: { id: 'bob', agent: 'bob' },
    });
    if (!second.acquired) throw new Error(second.message);
    // The facts follow the store: bob's token, and a notice naming him; confirm is off.
    const dialog = page.locator('dialog.dialog[open]');
    await dialog.locator('[data-testid="subject-changed"]').waitFor({ timeout: 15_000 });
    await expect(dialog.locator('[data-testid="subject-changed"]').textContent()).resolves.toMatch(
      /Changed since you opened this: now held by bob \(active\)/,
    );
    await dialog.locator('section').getByText(second.token).waitFor();
    await dialog.locator('textarea').fill('taking it for a hotfix');
    await expect(dialog.locator('[data-testid="confirm-action"]').isDisabled()).resolves.toBe(true);
    await closeDialog(page);
    // Nothing was released: bob still holds it, and the row says so.
    expect(fs.existsSync(path.join(app.dir, 'locks/src/contested.ts.lock.d/owner.json'))).toBe(
      true,
    );
    await expect(
      row(page, 'src/contested.ts').locator('[data-col="holder"]').textContent(),
    ).resolves.toBe('bob');
    expect(
      operatorAudit().some(
        (e) => e['action'] === 'release_lease' && String(e['target']).includes('src/contested.ts'),
      ),
    ).toBe(false);
  });

  it('forcing an active lease requires a reason', async () => {
    await openLease('src/contested.ts');
    await page.locator('.detail-actions').getByRole('button', { name: 'Force-release…' }).click();
    const dialog = page.locator('dialog.dialog[open]');
    await expect(dialog.locator('[data-testid="confirm-action"]').isDisabled()).resolves.toBe(true);
    await dialog.locator('textarea').fill('bob crashed mid-deploy');
    await expect(dialog.locator('[data-testid="confirm-action"]').isDisabled()).resolves.toBe(
      false,
    );
    await closeDialog(page);
  });
});

describe('bulk release and operator messages', () => {
  it('bulk release previews the exact set of stale leases and releases each with its own token', async () => {
    const tokens: string[] = [];
    for (const name of ['old/a.ts', 'old/b.ts', 'old/c.ts']) {
      const r = acquireLease(app.dir, name, {
        ttl_ms: 0,
        owner: { id: 'ghost', agent: 'ghost' },
      });
      if (!r.acquired) throw new Error(r.message);
      tokens.push(r.token);
    }
    acquireLease(app.dir, 'old/alive.ts', {
      ttl_ms: 600_000,
      owner: { id: 'alive', agent: 'alive' },
    });
    await showView(page, 'leases');
    await page.locator('.filter-input[aria-label="Filter by path"]').fill('old/');
    await row(page, 'old/c.ts').waitFor();
    await page.getByRole('button', { name: 'Release 3 stale…' }).click();
    const dialog = page.locator('dialog.dialog[open]');
    await expect(dialog.locator('.bulk-row:not(.head)').count()).resolves.toBe(3);
    for (const t of tokens) await dialog.locator(`[title="${t}"]`).waitFor();
    await expect(dialog.textContent()).resolves.not.toContain('old/alive.ts');
    await dialog.getByRole('button', { name: 'Release 3' }).click();
    await dialog.locator('[data-testid="bulk-summary"]').waitFor({ timeout: 20_000 });
    await expect(dialog.locator('[data-testid="bulk-summary"]').textContent()).resolves.toMatch(
      /^3 released, 0 refused, 0 failed/,
    );
    await closeDialog(page);
    for (const name of ['a', 'b', 'c'])
      expect(fs.existsSync(path.join(app.dir, `locks/old/${name}.ts.lock.d`))).toBe(false);
    expect(fs.existsSync(path.join(app.dir, 'locks/old/alive.ts.lock.d'))).toBe(true);
    await page.locator('.filter-input[aria-label="Filter by path"]').fill('');
  });

  it('an operator message is confirmed, posted to the room and audited', async () => {
    await showView(page, 'rooms');
    // The room the monitor told the lease holder in (created by the release above).
    await row(page, 'workspace/default/operator').click();
    await page.locator('.composer-body').fill('pausing deploys for ten minutes');
    await page.getByRole('button', { name: 'Post…' }).click();
    await expect(page.locator('dialog.dialog[open]').textContent()).resolves.toContain(
      'pausing deploys for ten minutes',
    );
    expect(await confirmAction(page)).toBe('ok');
    await closeDialog(page);
    expect(roomLines().some((m) => m['body'] === 'pausing deploys for ten minutes')).toBe(true);
    expect(
      operatorAudit().some((e) => e['action'] === 'post_message' && e['result'] === 'ok'),
    ).toBe(true);
  });
});

describe('review 2: previews and replies follow their subject', () => {
  it('a lease re-taken while the bulk preview is open is shown and not sent', async () => {
    for (const name of ['disc/a.ts', 'disc/c.ts']) {
      const r = acquireLease(app.dir, name, { ttl_ms: 0, owner: { id: 'gina', agent: 'gina' } });
      if (!r.acquired) throw new Error(r.message);
    }
    await showView(page, 'leases');
    await page.locator('.filter-input[aria-label="Filter by path"]').fill('disc/');
    await row(page, 'disc/c.ts').waitFor();
    await page.getByRole('button', { name: 'Release 2 stale…' }).click();
    const dialog = page.locator('dialog.dialog[open]');
    await dialog.getByRole('button', { name: 'Release 2' }).waitFor();
    // ivan takes disc/c.ts over (gina's lease is stale) while the preview is open.
    const ivan = acquireLease(app.dir, 'disc/c.ts', {
      ttl_ms: 600_000,
      owner: { id: 'ivan', agent: 'ivan' },
    });
    if (!ivan.acquired) throw new Error(ivan.message);
    await dialog.locator('[data-testid="bulk-row-changed"]').waitFor({ timeout: 10_000 });
    await expect(
      dialog.locator('[data-testid="bulk-row-changed"]').textContent(),
    ).resolves.toContain('now held by ivan');
    await dialog.getByRole('button', { name: 'Release 1' }).click();
    await dialog.locator('[data-testid="bulk-summary"]').waitFor({ timeout: 20_000 });
    await expect(dialog.locator('[data-testid="bulk-summary"]').textContent()).resolves.toMatch(
      /^1 released, 0 refused, 0 failed, 1 not sent/,
    );
    await closeDialog(page);
    expect(fs.existsSync(path.join(app.dir, 'locks/disc/a.ts.lock.d'))).toBe(false);
    expect(fs.existsSync(path.join(app.dir, 'locks/disc/c.ts.lock.d'))).toBe(true);
    expect(
      operatorAudit().some(
        (e) => e['action'] === 'release_lease' && String(e['target']).includes('disc/c.ts'),
      ),
    ).toBe(false);
    await page.locator('.filter-input[aria-label="Filter by path"]').fill('');
  });

  it('after Reply… in a message detail, closing the dialog returns focus to the stream', async () => {
    await showView(page, 'rooms');
    await row(page, 'workspace/default/operator').click();
    await page.locator('[role="listbox"] [role="option"]').first().click();
    await page.locator('.detail input[aria-label="Reply"]').fill('noted');
    await page.getByRole('button', { name: 'Reply…' }).click();
    expect(await confirmAction(page)).toBe('ok');
    await closeDialog(page);
    await expect.poll(async () => (await focused(page)).role).toBe('listbox');
  });
});

describe('handoffs', () => {
  it('accepting a handoff moves it out of pending and posts the ack', async () => {
    const created = createHandoff(app.dir, {
      from: 'builder-1',
      to: 'reviewer',
      message: 'review the parser',
      room: 'session/s1/general',
    });
    await showView(page, 'handoffs');
    await row(page, 'review the parser').click();
    await page.locator('.detail-actions').getByRole('button', { name: 'Accept…' }).click();
    expect(await confirmAction(page, 'taking this one')).toBe('ok');
    // Enter on the focused Close ends the dialog; the Accept… button that opened it is gone
    // (the handoff is decided), so focus lands on the list, not on <body>.
    await expect(focused(page)).resolves.toEqual({ role: 'button', text: 'Close' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));
    await expect(focused(page)).resolves.toMatchObject({ role: 'grid' });
    await page.waitForFunction(
      () =>
        ![...document.querySelectorAll('.vrow')].some((r) =>
          r.textContent?.includes('review the parser'),
        ),
    );
    // The detail shows the engine's record of the decision (with the note), not a stand-in.
    await page.locator('.detail').getByText('taking this one').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    await expect(page.locator('.detail').textContent()).resolves.toContain('taking this one');
    await expect(page.locator('.detail').textContent()).resolves.not.toMatch(/due in/);
    expect(fs.existsSync(path.join(app.dir, `handoffs/accepted/${created.id}.json`))).toBe(true);
    const ack = roomLines().find(
      (m) => m['kind'] === 'ack' && JSON.stringify(m).includes(created.id),
    );
    expect(ack).toBeDefined();
  });

  it('two windows accept the same handoff: one wins, the other is told who won', async () => {
    const created = createHandoff(app.dir, {
      from: 'builder-2',
      to: 'reviewer',
      message: 'contested handoff',
      room: 'session/s1/general',
    });
    // A second operator's window on the same directory.
    const second = await app.open();
    const other = second.page;
    try {
      for (const p of [page, other]) {
        await showView(p, 'handoffs');
        await row(p, 'contested handoff').click();
        await p.locator('.detail-actions').getByRole('button', { name: 'Accept…' }).click();
        await p.locator('dialog.dialog[open]').waitFor();
      }
      const [a, b] = await Promise.all([confirmOrBlocked(page), confirmOrBlocked(other)]);
      // The loser is refused by the engine, or, when the winner's decision reaches its window
      // before its click does, its dialog says so and will not confirm: never two decisions.
      expect([a, b].sort()).toSatisfy(
        (pair: string[]) =>
          JSON.stringify(pair) === '["changed","ok"]' ||
          JSON.stringify(pair) === '["blocked","ok"]',
      );
      const loser = a === 'ok' ? other : page;
      const said = loser.locator('[data-testid="action-outcome"], [data-testid="subject-changed"]');
      expect((await said.first().textContent()) ?? '').toMatch(/already accepted by/);
      expect(fs.existsSync(path.join(app.dir, `handoffs/accepted/${created.id}.json`))).toBe(true);
    } finally {
      await second.close();
    }
    await closeDialog(page);
  });
});
