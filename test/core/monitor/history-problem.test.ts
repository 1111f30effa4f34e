import { afterEach, describe, expect, it } from 'vitest';
import { EngineStatusSchema } from '../../../core/api/views.ts';
import type { HistoryPort } from '../../../core/monitor/history-port.ts';
import { nullHistory } from '../../../core/monitor/null-history.ts';
import { initDirectory } from '../../../core/root.ts';
import { post } from '../../../core/rooms/index.ts';
import { parseRoomRef } from '../../../core/rooms/room-ref.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { openMonitor, type Harness } from './monitor-harness.ts';

// A history index that fails is said so in its own status field, `history_problem`, so the UI
// can say "history unavailable" while the current state stays live; `message` stays reserved for
// the unavailable directory.
const tempDir = useTempDir('history-problem');
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('history_problem in the engine status', () => {
  it('reports an index that cannot be opened, and keeps `message` for the unavailable state', async () => {
    const dir = tempDir();
    initDirectory(dir);
    harness = await openMonitor(dir, {
      openHistory: () => {
        throw new Error('EACCES: permission denied, open history.db');
      },
    });
    const s = await harness.snapshot();
    expect(EngineStatusSchema.parse(s.status)).toEqual(s.status);
    expect(s.status.state).toBe('ready');
    expect(s.status.history_problem).toContain('the history index could not be opened');
    expect(s.status.history_problem).toContain('EACCES: permission denied');
    expect(s.status.message).toBeUndefined();
    expect(harness.monitor.status().history_problem).toBe(s.status.history_problem);
    expect(harness.errors.some((e) => e.startsWith('opening the history index'))).toBe(true);
    // The current state still works without the index.
    post(dir, parseRoomRef('task/t1/plan'), { kind: 'status', from: 'a1', body: 'hello' });
    const live = await harness.until((x) => x.rooms.length === 1, 5000, 'the room');
    expect(live.status.history_problem).toBe(s.status.history_problem);
  });

  it('reports a problem that appears later, and clears it when the index works again', async () => {
    const dir = tempDir();
    initDirectory(dir);
    let failing = false;
    const base = nullHistory();
    const flaky: HistoryPort = {
      ...base,
      syncFile: (file, options) =>
        failing ? Promise.reject(new Error('database is locked')) : base.syncFile(file, options),
    };
    harness = await openMonitor(dir, { openHistory: () => flaky });
    const room = parseRoomRef('task/t1/plan');
    post(dir, room, { kind: 'status', from: 'a1', body: 'first' });
    const healthy = await harness.until((x) => x.rooms.length === 1, 5000, 'the room');
    expect(healthy.status.history_problem).toBeUndefined();

    failing = true;
    post(dir, room, { kind: 'status', from: 'a1', body: 'second' });
    const broken = await harness.until(
      (x) => x.status.history_problem !== undefined,
      5000,
      'a history problem',
    );
    expect(broken.status.history_problem).toContain('database is locked');
    expect(broken.status.message).toBeUndefined();
    expect(harness.deltas.some((d) => d.status?.history_problem?.includes('locked'))).toBe(true);

    failing = false;
    post(dir, room, { kind: 'status', from: 'a1', body: 'third' });
    const fixed = await harness.until(
      (x) => x.status.history_problem === undefined,
      5000,
      'the problem cleared',
    );
    expect('history_problem' in fixed.status).toBe(false);
    // A subscriber following deltas learns it cleared too.
    const last = harness.deltas.filter((d) => d.status).at(-1);
    expect(last?.status && 'history_problem' in last.status).toBe(false);
  });
});
