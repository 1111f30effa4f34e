import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readOperatorAudit } from '../../../../core/audit/index.ts';
import { readLease } from '../../../../core/leases/index.ts';
import { initDirectory } from '../../../../core/root.ts';
import { openMonitor, type Harness } from '../monitor-harness.ts';
import { REPO_ROOT } from '../../../support/processes.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

const tempDir = useTempDir('monitor-release-race');
const CHURN = path.join(REPO_ROOT, 'test/core/monitor/fixtures/lease-churn.ts');
/** Trials end when each outcome happened often enough, or at this bound (a loaded machine). */
const MAX_MS = 20_000;
const ENOUGH = { attempts: 80, released: 10, refused: 10 };
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('releaseLease racing a re-acquire in another process', () => {
  it('never removes a lease held under a token other than the one it released', async () => {
    const dir = tempDir();
    initDirectory(dir);
    harness = await openMonitor(dir, { operator: 'racer@test' });
    const stopFile = path.join(dir, 'stop-churning');
    const child = spawn(
      process.execPath,
      [CHURN, dir, 'hot/file', String(MAX_MS + 5000), stopFile],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    // Fire releases with tokens seen a moment ago (often already replaced by a new acquisition)
    // and with the token just read (a real, racing release), until the churner stops.
    const seen: string[] = [];
    let attempts = 0;
    let ok = 0;
    let refusedCount = 0;
    const started = Date.now();
    const enough = () =>
      attempts >= ENOUGH.attempts && ok >= ENOUGH.released && refusedCount >= ENOUGH.refused;
    while (Date.now() - started < MAX_MS && !enough()) {
      const token = readLease(dir, 'hot/file').record?.token;
      if (token) seen.push(token);
      const stale =
        seen.length > 3 ? seen[seen.length - 1 - Math.floor(Math.random() * 3)] : undefined;
      const expected = attempts % 2 === 0 ? (stale ?? token) : token;
      if (expected) {
        const result = await harness.client.releaseLease({
          resource_path: 'hot/file',
          expected_token: expected,
        });
        attempts++;
        if (result.ok) ok++;
        else refusedCount++;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    fs.writeFileSync(stopFile, '');
    expect(await exited, stderr).toBe(0);

    const acquired = new Set(
      stdout
        .split('\n')
        .filter((l) => l.startsWith('A '))
        .map((l) => l.slice(2)),
    );
    const lost = stdout
      .split('\n')
      .filter((l) => l.startsWith('L '))
      .map((l) => l.slice(2));
    const audit = readOperatorAudit(dir).entries.map((e) => e.entry);
    const released = audit
      .filter((e) => e.result === 'ok')
      .map((e) => (e.before as { record?: { token?: string } }).record?.token);
    // Every lease the churner lost was released by the operator under exactly that token.
    for (const token of lost)
      expect(released, `lost ${token} without an operator release of it`).toContain(token);
    // Every operator release removed a token the churner really held, each at most once.
    for (const token of released) expect(acquired.has(token ?? '')).toBe(true);
    expect(new Set(released).size).toBe(released.length);
    // The race was real: both outcomes happened, many times.
    expect(acquired.size).toBeGreaterThanOrEqual(ENOUGH.released);
    expect(released.length).toBeGreaterThanOrEqual(ENOUGH.released);
    expect(audit.filter((e) => e.result === 'refused').length).toBeGreaterThanOrEqual(
      ENOUGH.refused,
    );
    expect(audit).toHaveLength(attempts);
    expect(audit.filter((e) => e.result === 'error')).toEqual([]);
  }, 60_000);
});
