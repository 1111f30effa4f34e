import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { heartbeat } from '../../core/agents/index.ts';
import { createHandoff } from '../../core/handoffs/index.ts';
import { acquireLease } from '../../core/leases/index.ts';
import { post } from '../../core/rooms/index.ts';
import { parseRoomRef } from '../../core/rooms/room-ref.ts';
import { startRun } from '../../core/runs/index.ts';
import { publishUnsettled } from '../../core/unsettled/index.ts';
import { initDirectory } from '../../core/root.ts';
import { startApp, type AppShell } from './support/app-shell.ts';
import { row, showView, waitForCellState } from './support/page-helpers.ts';

/**
 * State written by agents (through the core library, into the directory) appears in every view
 * without a reload, and each view's rail count equals what it shows.
 */
let app: AppShell;
let page: Page;

beforeAll(async () => {
  app = await startApp({ seed: (dir) => initDirectory(dir, 'live') });
  ({ page } = await app.open());
});

afterAll(async () => {
  await app?.close();
});

async function railCount(view: string): Promise<number> {
  const text = await page.locator(`[data-testid="count-${view}"]`).textContent();
  return Number((text ?? '').replace(/,/g, ''));
}

async function viewCount(): Promise<string> {
  return (await page.locator('[data-testid="view-count"]').textContent()) ?? '';
}

describe('live views (no reload)', () => {
  it('strips the token from the address bar and keeps working', async () => {
    expect(page.url()).not.toContain('token=');
  });

  it('Leases: a lease taken by an agent appears, with its holder and a live countdown', async () => {
    await showView(page, 'leases');
    await page.getByText('No leases are held.').waitFor();
    acquireLease(app.dir, 'src/app.ts', {
      ttl_ms: 600_000,
      owner: { id: 'builder-1', agent: 'builder-1' },
    });
    await waitForCellState(page, 'src/app.ts', 'state', 'active');
    await expect(
      row(page, 'src/app.ts').locator('[data-col="holder"]').textContent(),
    ).resolves.toBe('builder-1');
    const first = await row(page, 'src/app.ts').locator('[data-col="expires"]').textContent();
    await page.waitForTimeout(1_300);
    const second = await row(page, 'src/app.ts').locator('[data-col="expires"]').textContent();
    expect(first).toMatch(/^expires in 9m 5\ds|^expires in 10m$/);
    expect(second).not.toBe(first);
    expect(await railCount('leases')).toBe(1);
    expect(await viewCount()).toBe('1');
  });

  it('Agents: a heartbeat appears as an active agent, last seen live', async () => {
    await showView(page, 'agents');
    heartbeat(app.dir, 'builder-1', { name: 'Builder', current: { task: 'parser' } });
    await waitForCellState(page, 'builder-1', 'liveness', 'active');
    await expect(row(page, 'builder-1').locator('[data-col="task"]').textContent()).resolves.toBe(
      'parser',
    );
    expect(await railCount('agents')).toBe(1);
  });

  it('Rooms: a post creates the room', async () => {
    await showView(page, 'rooms');
    post(app.dir, parseRoomRef('session/s1/general'), {
      kind: 'status',
      from: 'builder-1',
      body: 'hello from builder-1',
    });
    await row(page, 'session/s1/general').waitFor();
    expect(await railCount('rooms')).toBe(1);
  });

  it('Runs: a started run appears as running, with its lease countdown', async () => {
    await showView(page, 'runs');
    const run = startRun(app.dir, 'build-1', { worker_id: 'builder-1', lease_ttl_ms: 600_000 });
    await waitForCellState(page, 'build-1', 'status', 'running');
    run.commitCheckpoint('checkout', { ok: true });
    await page.waitForFunction(
      () => document.querySelector('.vrow [data-col="steps"]')?.textContent === '1',
      undefined,
      { timeout: 15_000 },
    );
    expect(await railCount('runs')).toBe(1);
  });

  it('Handoffs: a new handoff appears pending, oldest first', async () => {
    await showView(page, 'handoffs');
    createHandoff(app.dir, {
      from: 'builder-1',
      to: 'reviewer',
      message: 'parser ready for review',
    });
    await waitForCellState(page, 'parser ready for review', 'state', 'pending');
    createHandoff(app.dir, { from: 'builder-1', to: 'reviewer', message: 'second handoff' });
    await row(page, 'second handoff').waitFor();
    const order = await page.locator('.vrow [data-col="message"]').allTextContents();
    expect(order).toEqual(['parser ready for review', 'second handoff']);
    expect(await railCount('handoffs')).toBe(2);
  });

  it('Unsettled: a pipeline snapshot appears with its bucket counts', async () => {
    await showView(page, 'unsettled');
    publishUnsettled(app.dir, 'nightly', {
      queued_triggers: [
        { id: 't1', queued_at_ms: Date.now() - 60_000 },
        { id: 't2', queued_at_ms: Date.now() },
      ],
    });
    await row(page, 'nightly').waitFor();
    await expect(row(page, 'nightly').locator('[data-col="queued"]').textContent()).resolves.toBe(
      '2',
    );
    expect(await railCount('unsettled')).toBe(1);
  });

  it('Attention: a lease left behind by its holder goes stale and queues itself', async () => {
    await showView(page, 'attention');
    acquireLease(app.dir, 'src/stale.ts', {
      ttl_ms: 1_500,
      owner: { id: 'tester', agent: 'tester' },
    });
    await row(page, 'src/stale.ts').waitFor({ timeout: 15_000 });
    expect(await railCount('attention')).toBe(await page.locator('.vrow').count());
  });
});
