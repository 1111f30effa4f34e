import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BatonError } from '../../../../core/errors.ts';
import { appendJsonLine } from '../../../../core/files/jsonl.ts';
import { historyDbPath, type IndexProgress } from '../../../../core/monitor/history/index.ts';
import { useTempDir } from '../../../support/temp-dir.ts';
import { envelope, fleet } from './history-fixtures.ts';

const temp = useTempDir('history-index-all');
let f: ReturnType<typeof fleet>;
afterEach(async () => {
  await f?.closeAll();
});

/** 6 rooms of 40 messages, a checkpoint log and an operator log. */
function populate(): number {
  for (let r = 0; r < 6; r++) {
    const file = f.room(`task/t${r}/plan`);
    f.post(
      file,
      ...Array.from({ length: 40 }, (_, i) =>
        envelope(`r${r}m${i}`, { scope_id: `t${r}`, body: `word${r} number ${i}` }),
      ),
    );
  }
  appendJsonLine(
    path.join(f.dir, 'runs', 'r1', 'checkpoints.jsonl'),
    {
      run_id: 'r1',
      lease_id: 'l1',
      worker_id: 'w1',
      step_id: 's',
      sequence: 0,
      attempt: 1,
      output: 1,
      committed_at_ms: 1,
    },
    { mkdir: true },
  );
  appendJsonLine(
    path.join(f.dir, 'audit', 'operator.jsonl'),
    {
      ts_ms: 1,
      operator: 'o@h',
      action: 'post_message',
      target: 'task/t0/plan',
      before: null,
      after: null,
      result: 'ok',
    },
    { mkdir: true },
  );
  fs.writeFileSync(path.join(f.dir, 'rooms', 'task', 't0', 'notes.txt'), 'not a room');
  let total = 0;
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.jsonl')) total += fs.statSync(p).size;
    }
  };
  walk(f.dir);
  return total;
}

describe.each([
  { mode: 'in process', worker: false },
  { mode: 'worker thread', worker: true },
])('indexAll ($mode)', ({ worker }) => {
  it('indexes every JSONL file in batches and reports progress up to complete', async () => {
    f = fleet(temp());
    const total = populate();
    const h = f.open({ worker, batchLines: 7 });
    expect(h.progress()).toEqual({ done_bytes: 0, total_bytes: 0, complete: false });
    const reports: IndexProgress[] = [];
    await h.indexAll((p) => reports.push(p));
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports[0]).toEqual({ done_bytes: 0, total_bytes: total, complete: false });
    expect(reports.at(-1)).toEqual({ done_bytes: total, total_bytes: total, complete: true });
    const done = reports.map((p) => p.done_bytes);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(h.progress()).toEqual({ done_bytes: total, total_bytes: total, complete: true });
    for (let r = 0; r < 6; r++) expect(h.roomStats(`task/t${r}/plan`).message_count).toBe(40);
    expect(h.runCheckpoints('r1').checkpoints).toHaveLength(1);
    expect(h.audit({ source: 'operator', limit: 5 }).entries).toHaveLength(1);
    expect(h.search({ query: 'word3', limit: 100 })).toMatchObject({ indexed_complete: true });
    expect(h.search({ query: 'word3', limit: 100 }).hits).toHaveLength(40);
  });

  it('starts over only for what changed when run again on a reopened index', async () => {
    f = fleet(temp());
    populate();
    const first = f.open({ worker });
    await first.indexAll();
    await first.close();
    f.post(f.room('task/t2/plan'), envelope('late', { scope_id: 't2' }));
    fs.rmSync(f.room('task/t5/plan'));
    const second = f.open({ worker });
    await second.indexAll();
    expect(second.roomStats('task/t2/plan').message_count).toBe(41);
    expect(second.roomStats('task/t5/plan').message_count).toBe(0);
    expect(second.roomStats('task/t1/plan').message_count).toBe(40);
  });
});

describe('indexAll', () => {
  it('answers queries while it runs: the state is usable before indexing completes', async () => {
    f = fleet(temp());
    populate();
    const h = f.open({ batchLines: 5 });
    let finished = false;
    const run = h.indexAll().then(() => (finished = true));
    const partial: Array<{ complete: boolean; messages: number }> = [];
    while (!finished) {
      const messages = [0, 1, 2, 3, 4, 5].reduce(
        (n, r) => n + h.roomStats(`task/t${r}/plan`).message_count,
        0,
      );
      partial.push({ complete: h.progress().complete, messages });
      await new Promise((r) => setImmediate(r));
    }
    await run;
    expect(partial.some((p) => !p.complete && p.messages > 0 && p.messages < 240)).toBe(true);
  });

  it('keeps going past an unreadable file, reporting it', async () => {
    f = fleet(temp());
    populate();
    const locked = f.room('task/t4/plan');
    fs.chmodSync(locked, 0o000);
    const readable = (() => {
      try {
        fs.readFileSync(locked);
        return true; // running as root: permissions do not apply
      } catch {
        return false;
      }
    })();
    const diagnostics: string[] = [];
    const h = f.open({ onDiagnostic: (d) => diagnostics.push(`${d.reason} ${d.path}`) });
    await h.indexAll();
    fs.chmodSync(locked, 0o644);
    expect(h.roomStats('task/t3/plan').message_count).toBe(40);
    if (!readable) expect(diagnostics).toContain(`unreadable ${locked}`);
  });

  it('reports a room file that is a symbolic link to nowhere, and indexes one that leads to a file', async () => {
    f = fleet(temp());
    populate();
    const roomsDir = path.dirname(f.room('task/t3/plan'));
    const broken = path.join(roomsDir, 'broken.jsonl');
    fs.symlinkSync(path.join(f.dir, 'moved.jsonl'), broken);
    const working = path.join(roomsDir, 'alias.jsonl');
    fs.symlinkSync(f.room('task/t3/plan'), working);
    const messages: string[] = [];
    const h = f.open({ onDiagnostic: (d) => messages.push(`${d.reason} ${d.message}`) });
    await h.indexAll();
    expect(messages).toEqual([
      `unreadable ${broken}: a symbolic link to ${path.join(f.dir, 'moved.jsonl')}, which does not exist`,
    ]);
    expect(h.roomStats('task/t3/alias').message_count).toBe(40);
  });
});

describe('the index file', () => {
  it('lives in the data directory, named by a hash of the real directory, never in the coordination directory', async () => {
    f = fleet(temp());
    populate();
    const h = f.open();
    await h.indexAll();
    expect(path.dirname(h.dbPath)).toBe(f.dataDir);
    expect(path.basename(h.dbPath)).toMatch(/^history-[0-9a-f]{16}\.db$/);
    expect(fs.existsSync(h.dbPath)).toBe(true);
    const strays: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (/\.db|-wal$|-shm$/.test(e.name)) strays.push(e.name);
      }
    };
    walk(f.dir);
    expect(strays).toEqual([]);
    const link = path.join(temp(), 'link');
    fs.symlinkSync(f.dir, link);
    expect(historyDbPath(f.dataDir, link)).toBe(h.dbPath);
    expect(historyDbPath(f.dataDir, path.join(temp(), 'elsewhere'))).not.toBe(h.dbPath);
  });

  it('refuses a data directory inside the coordination directory', () => {
    f = fleet(temp());
    expect(() => f.open({ dataDir: path.join(f.dir, '.monitor') })).toThrow(BatonError);
    expect(() => f.open({ dataDir: f.dir })).toThrow(/inside the coordination directory/);
    expect(fs.existsSync(path.join(f.dir, '.monitor'))).toBe(false);
  });

  it('moves a corrupt index aside and rebuilds it from the files', async () => {
    f = fleet(temp());
    populate();
    const dbPath = historyDbPath(f.dataDir, f.dir);
    fs.mkdirSync(f.dataDir, { recursive: true });
    fs.writeFileSync(dbPath, 'this is not a database, just garbage '.repeat(200));
    const h = f.open();
    await h.indexAll();
    expect(h.roomStats('task/t0/plan').message_count).toBe(40);
    expect(fs.readdirSync(f.dataDir).some((n) => n.includes('.corrupt-'))).toBe(true);
  });
});
