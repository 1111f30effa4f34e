import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { heartbeat } from '../../../core/agents/index.ts';
import type { LeaseView } from '../../../core/api/views.ts';
import { layout } from '../../../core/layout.ts';
import { acquireLease, renewLease } from '../../../core/leases/index.ts';
import { DEFAULT_THRESHOLDS } from '../../../core/monitor/attention/thresholds.ts';
import { createFleetModel, type FleetModel } from '../../../core/monitor/fleet-model.ts';
import { initDirectory } from '../../../core/root.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('fleet-model');
let model: FleetModel | undefined;
afterEach(() => {
  model?.close();
  model = undefined;
});

/** A model with no watcher: it learns of a change only if told, or by itself. */
function openModel(dir: string): {
  model: FleetModel;
  leaseState: (key: string) => string;
  removed: string[];
} {
  const views = new Map<string, LeaseView>();
  const removed: string[] = [];
  const m = createFleetModel({
    root: dir,
    history: undefined,
    thresholds: { ...DEFAULT_THRESHOLDS },
    now: Date.now,
    sink: {
      upsert: (entity, key, value) => {
        if (entity === 'lease') views.set(key, value as LeaseView);
      },
      remove: (entity, key) => {
        removed.push(`${entity} ${key}`);
        if (entity === 'lease') views.delete(key);
      },
    },
    onError: (error) => {
      throw error;
    },
  });
  m.scan(false);
  return { model: m, leaseState: (key) => views.get(key)?.state ?? 'absent', removed };
}

describe('the fleet model', () => {
  it('reads a lease again when its expiry comes: a renewal whose event was missed does not show it stale', async () => {
    const dir = tempDir();
    initDirectory(dir);
    const lease = acquireLease(dir, 'src/app.ts', { ttl_ms: 400, owner: 'builder-1' });
    if (!lease.acquired) throw new Error(lease.message);
    const opened = openModel(dir);
    model = opened.model;
    const key = 'locks/src/app.ts.lock.d';
    expect(opened.leaseState(key)).toBe('active');
    // Renewed on disk, and nobody tells the model (as if the watcher dropped the event).
    renewLease(dir, 'src/app.ts', lease.token, { ttl_ms: 60_000 });
    await new Promise((r) => setTimeout(r, 700));
    expect(opened.leaseState(key)).toBe('active');
  });

  it('still turns a lease stale at its expiry when its record says so', async () => {
    const dir = tempDir();
    initDirectory(dir);
    const lease = acquireLease(dir, 'src/app.ts', { ttl_ms: 300, owner: 'builder-1' });
    if (!lease.acquired) throw new Error(lease.message);
    const opened = openModel(dir);
    model = opened.model;
    await expect
      .poll(() => opened.leaseState('locks/src/app.ts.lock.d'), { timeout: 3000 })
      .toBe('stale');
  });

  it('keeps the last known state when the directory itself is gone, whatever paths it is told about', async () => {
    const dir = tempDir();
    initDirectory(dir);
    heartbeat(dir, 'a1', { pid: process.pid });
    const file = layout(dir).agentFile('a1');
    const opened = openModel(dir);
    model = opened.model;
    model.handlePath(file, 'change'); // seen once, as the watcher reports it
    await new Promise((r) => setTimeout(r, 20));
    fs.renameSync(dir, `${dir}-moved`);
    // A re-check the watcher had scheduled lands after the move: the file is not there.
    model.handlePath(file, 'recheck');
    await new Promise((r) => setTimeout(r, 50));
    expect(opened.removed).toEqual([]);
    fs.renameSync(`${dir}-moved`, dir);
  });
});
