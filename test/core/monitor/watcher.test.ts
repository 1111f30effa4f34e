import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWatcher, type Watcher, type WatchEvent } from '../../../core/monitor/watcher.ts';
import { runNode } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('monitor-watcher');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ACTOR = 'test/core/monitor/fixtures/fleet-actor.ts';

let watcher: Watcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
});

async function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(10);
  }
}

function watch(root: string, mode: 'events' | 'polling' = 'events') {
  const events: Array<{ file: string; event: WatchEvent; size?: number }> = [];
  const errors: Error[] = [];
  watcher = startWatcher({
    root,
    mode,
    pollingIntervalMs: 100,
    onPath: (file, event) => {
      let size: number | undefined;
      try {
        size = fs.statSync(file).size;
      } catch {
        size = undefined;
      }
      events.push({ file, event, ...(size !== undefined ? { size } : {}) });
    },
    onError: (error) => errors.push(error),
  });
  return { events, errors, ready: watcher.ready };
}

describe('startWatcher', () => {
  it('reports the last append of a 1,000-append burst from another process (trailing re-check)', async () => {
    const root = tempDir();
    const room = path.join(root, 'rooms/task/t1/plan.jsonl');
    fs.mkdirSync(path.dirname(room), { recursive: true });
    fs.writeFileSync(room, '');
    const { events, errors, ready } = watch(root);
    await ready;
    const run = await runNode(ACTOR, [
      root,
      JSON.stringify([{ op: 'burst', room: 'task/t1/plan', count: 1000, from: 'a1' }]),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const finalSize = fs.statSync(room).size;
    // Whatever chokidar throttled, the last thing reported for the file must show its final size.
    await waitFor(() => events.some((e) => e.file === room && e.size === finalSize));
    // And the burst's trailing re-check comes after it, still showing the final size.
    await waitFor(() => events.some((e) => e.file === room && e.event === 'recheck'));
    await sleep(150);
    const lastSeen = events.filter((e) => e.file === room).at(-1);
    expect(lastSeen?.size).toBe(finalSize);
    expect(errors).toEqual([]);
  });

  it('reports a file deleted, then replaced by rename, and ignores the temporary', async () => {
    const root = tempDir();
    const agent = path.join(root, 'agents/a1.json');
    fs.mkdirSync(path.dirname(agent), { recursive: true });
    fs.writeFileSync(agent, '{"v":1}');
    const { events, ready } = watch(root);
    await ready;
    fs.rmSync(agent);
    await waitFor(() => events.some((e) => e.file === agent && e.event === 'unlink'));
    const tmp = `${agent}.tmp-${process.pid}-abcdef`;
    fs.writeFileSync(tmp, '{"v":2}');
    fs.renameSync(tmp, agent);
    await waitFor(() =>
      events.some((e) => e.file === agent && e.event !== 'unlink' && e.size === 7),
    );
    expect(events.some((e) => e.file === tmp)).toBe(false);
  });

  it('sees a directory created after the start and files written inside it', async () => {
    const root = tempDir();
    const { events, ready } = watch(root);
    await ready;
    const lockDir = path.join(root, 'locks/deep/er/x.ts.lock.d');
    fs.mkdirSync(lockDir, { recursive: true });
    await sleep(100);
    fs.writeFileSync(path.join(lockDir, 'owner.json'), '{}');
    await waitFor(() => events.some((e) => e.file === path.join(lockDir, 'owner.json')));
    expect(events.some((e) => e.file === lockDir && e.event === 'addDir')).toBe(true);
  });

  it('sees changes in polling mode (network filesystems)', async () => {
    const root = tempDir();
    const file = path.join(root, 'unsettled/p1.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{}');
    const { events, ready } = watch(root, 'polling');
    await ready;
    fs.writeFileSync(file, '{"changed":true}');
    await waitFor(() => events.some((e) => e.file === file && e.size === 16));
  });
});
