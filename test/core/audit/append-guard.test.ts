import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withAppendGuard } from '../../../core/audit/append-guard.ts';
import { BatonError } from '../../../core/errors.ts';
import { REPO_ROOT } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('guard');

/** A pid that is certainly not running: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('withAppendGuard', () => {
  it('holds the guard file only while the body runs, also when it throws', () => {
    const file = path.join(dir(), 'log.jsonl');
    const seen = withAppendGuard(file, () => fs.existsSync(`${file}.guard`));
    expect(seen).toBe(true);
    expect(() =>
      withAppendGuard(file, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(fs.readdirSync(dir())).toEqual([]);
  });

  it('breaks a guard left by a dead process on this host', async () => {
    const file = path.join(dir(), 'log.jsonl');
    const stale = { pid: await deadPid(), host: os.hostname(), token: 'old', at_ms: Date.now() };
    fs.writeFileSync(`${file}.guard`, JSON.stringify(stale));
    const started = Date.now();
    expect(withAppendGuard(file, () => 'ran')).toBe('ran');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fs.readdirSync(dir())).toEqual([]);
  });

  it('breaks a guard older than the stale limit whatever its host', () => {
    const file = path.join(dir(), 'log.jsonl');
    const old = { pid: 1, host: 'elsewhere', token: 'old', at_ms: Date.now() - 60_000 };
    fs.writeFileSync(`${file}.guard`, JSON.stringify(old));
    expect(withAppendGuard(file, () => 'ran')).toBe('ran');
  });

  it('waits for a live holder in another process and times out naming the guard', async () => {
    const file = path.join(dir(), 'log.jsonl');
    const holder = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'test/core/audit/fixtures/hold-guard.ts'), file, '1500'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    const error = (() => {
      try {
        withAppendGuard(file, () => 'never', { waitMs: 200 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BatonError);
    expect((error as BatonError).code).toBe('timeout');
    expect((error as BatonError).message).toContain(`${file}.guard`);
    const started = Date.now();
    expect(withAppendGuard(file, () => 'after')).toBe('after');
    expect(Date.now() - started).toBeGreaterThan(500);
    await exited;
  });
});
