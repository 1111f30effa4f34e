import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendJsonLine } from '../../../../core/files/jsonl.ts';
import { useTempDir } from '../../../support/temp-dir.ts';
import { envelope, fleet } from './history-fixtures.ts';

const temp = useTempDir('history-ingest');
let f: ReturnType<typeof fleet>;
afterEach(async () => {
  await f?.closeAll();
});

// The worker and in-process ingestion share the Ingestor; both carriers are exercised here.
describe.each([
  { mode: 'in process', worker: false },
  { mode: 'worker thread', worker: true },
])('syncFile ($mode)', ({ worker }) => {
  it('indexes a room file and reports what it read', async () => {
    f = fleet(temp());
    const file = f.room();
    const cursors = f.post(file, envelope('m1'), envelope('m2', { kind: 'request' }));
    const h = f.open({ worker, batchLines: 1 });
    const result = await h.syncFile(file);
    expect(result).toMatchObject({
      kind: 'room',
      new_lines: 2,
      truncated: false,
      room_key: 'task/t1/plan',
    });
    expect(result.diagnostics).toEqual([]);
    const stats = h.roomStats('task/t1/plan');
    expect(stats.message_count).toBe(2);
    expect(stats.kinds).toEqual({ status: 1, request: 1 });
    expect(stats.last_message).toMatchObject({ id: 'm2', cursor: cursors[1], from: 'builder-1' });
    expect(stats.size_bytes).toBe(fs.statSync(file).size);
  });

  it('with searchable: false, counts the messages at once and makes them searchable soon after', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(file, envelope('m1', { body: 'haystack needle' }));
    const h = f.open({ worker });
    const result = await h.syncFile(file, { searchable: false });
    expect(result.new_lines).toBe(1);
    expect(h.roomStats('task/t1/plan').message_count).toBe(1);
    await expect
      .poll(() => h.search({ query: 'needle', limit: 5 }).hits.length, { timeout: 5000 })
      .toBe(1);
  });

  it('reads only new bytes after a restart (a second History on the same index)', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(file, envelope('m1'), envelope('m2'), envelope('m3'));
    const first = f.open({ worker });
    expect((await first.syncFile(file)).new_lines).toBe(3);
    await first.close();

    f.post(file, envelope('m4'));
    const second = f.open({ worker });
    expect(second.dbPath).toBe(first.dbPath);
    expect((await second.syncFile(file)).new_lines).toBe(1);
    expect((await second.syncFile(file)).new_lines).toBe(0);
    expect(second.roomStats('task/t1/plan').message_count).toBe(4);
  });

  it('re-indexes a truncated file from byte 0 and drops its old rows', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(file, envelope('old1', { body: 'zebra' }), envelope('old2'));
    const h = f.open({ worker });
    await h.syncFile(file);
    fs.truncateSync(file, 0);
    f.post(file, envelope('new1'));
    const result = await h.syncFile(file);
    expect(result).toMatchObject({ truncated: true, new_lines: 1 });
    expect(h.roomStats('task/t1/plan').message_count).toBe(1);
    expect(h.search({ query: 'zebra', limit: 10 }).hits).toEqual([]);
    expect(
      h
        .roomMessages({ room: 'task/t1/plan', limit: 10, filter: {} })
        .messages.map((m) => m.message.id),
    ).toEqual(['new1']);
  });

  it('re-indexes a file replaced by rename (new inode), even when it is larger', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(file, envelope('a1'));
    const h = f.open({ worker });
    await h.syncFile(file);
    const tmp = `${file}.tmp`;
    for (const id of ['b1', 'b2', 'b3']) appendJsonLine(tmp, envelope(id));
    fs.renameSync(tmp, file);
    const result = await h.syncFile(file);
    expect(result).toMatchObject({ truncated: true, new_lines: 3 });
    expect(
      h
        .roomMessages({ room: 'task/t1/plan', limit: 10, filter: {} })
        .messages.map((m) => m.message.id),
    ).toEqual(['b1', 'b2', 'b3']);
  });

  it('re-indexes a file rewritten in place with different first bytes', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(file, envelope('x1'), envelope('x2'));
    const h = f.open({ worker });
    await h.syncFile(file);
    const text = fs.readFileSync(file, 'utf8');
    // Same inode, same length, other content: only the first-bytes hash can tell.
    fs.writeFileSync(file, text.replaceAll('x1', 'y1').replaceAll('x2', 'y2'));
    const result = await h.syncFile(file);
    expect(result.truncated).toBe(true);
    expect(
      h
        .roomMessages({ room: 'task/t1/plan', limit: 10, filter: {} })
        .messages.map((m) => m.message.id),
    ).toEqual(['y1', 'y2']);
  });

  it('leaves a torn last line for later and indexes it once completed', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(file, envelope('m1'));
    const line = JSON.stringify(envelope('m2')) + '\n';
    fs.appendFileSync(file, line.slice(0, 40));
    const h = f.open({ worker });
    const first = await h.syncFile(file);
    expect(first).toMatchObject({ new_lines: 1, diagnostics: [] });
    fs.appendFileSync(file, line.slice(40));
    const second = await h.syncFile(file);
    expect(second).toMatchObject({ new_lines: 1, truncated: false, diagnostics: [] });
    expect(h.roomStats('task/t1/plan').last_message?.id).toBe('m2');
  });

  it('skips a corrupt line or a non-message with a diagnostic and keeps the rest', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(file, envelope('m1'));
    const badAt = fs.statSync(file).size;
    fs.appendFileSync(file, '{"not json\n');
    const wrongAt = fs.statSync(file).size;
    f.post(file, { ...envelope('m2'), schema: 'harn.coordination.message.v9' });
    const noBodyAt = fs.statSync(file).size;
    f.post(file, { ...envelope('m3'), body: 42 });
    f.post(file, envelope('m4'));
    const reported: unknown[] = [];
    const h = f.open({ worker, onDiagnostic: (d) => reported.push(d) });
    const result = await h.syncFile(file);
    expect(result.new_lines).toBe(5);
    expect(result.diagnostics.map((d) => [d.offset, d.reason])).toEqual([
      [badAt, 'malformed'],
      [wrongAt, 'unsupported'],
      [noBodyAt, 'malformed'],
    ]);
    expect(reported).toHaveLength(3);
    expect(h.roomStats('task/t1/plan').message_count).toBe(2);
    // Reported once: the offset moved past them.
    expect((await h.syncFile(file)).diagnostics).toEqual([]);
  });

  it('indexes checkpoints and both audit logs', async () => {
    f = fleet(temp());
    const runFile = path.join(f.dir, 'runs', 'r1', 'checkpoints.jsonl');
    const checkpoint = (step: string, attempt: number, at: number, worker_id = 'w1') => ({
      run_id: 'r1',
      lease_id: `l${attempt}`,
      worker_id,
      step_id: step,
      sequence: at,
      attempt,
      output: { step },
      committed_at_ms: at,
    });
    appendJsonLine(runFile, checkpoint('a', 1, 10), { mkdir: true });
    appendJsonLine(runFile, checkpoint('b', 1, 20));
    appendJsonLine(runFile, { ...checkpoint('x', 1, 25), run_id: 'other' });
    appendJsonLine(runFile, checkpoint('c', 2, 30, 'w2'));
    const operator = path.join(f.dir, 'audit', 'operator.jsonl');
    const lifecycle = path.join(f.dir, 'audit', 'lifecycle.jsonl');
    appendJsonLine(
      operator,
      {
        ts_ms: 5,
        operator: 'ana@box',
        action: 'release_lease',
        target: 'locks/a.lock.d',
        before: { token: 't' },
        after: null,
        result: 'ok',
        reason: 'stale since noon',
      },
      { mkdir: true },
    );
    appendJsonLine(operator, {
      ts_ms: 9,
      operator: 'bo@box',
      action: 'mark_agent_gone',
      target: 'builder-2',
      before: null,
      after: null,
      result: 'refused',
    });
    appendJsonLine(
      lifecycle,
      {
        seq: 1,
        kind: 'handoff_acknowledged',
        payload: { envelope_id: 'e1' },
        pipeline_id: 'p1',
        ts_ms: 7,
      },
      { mkdir: true },
    );
    appendJsonLine(lifecycle, { seq: 'x' });

    const h = f.open({ worker });
    const run = await h.syncFile(runFile);
    expect(run).toMatchObject({ kind: 'checkpoints', run_id: 'r1', new_lines: 4 });
    expect(run.diagnostics).toHaveLength(1);
    expect((await h.syncFile(operator)).kind).toBe('operator');
    expect((await h.syncFile(lifecycle)).diagnostics).toHaveLength(1);

    const detail = h.runCheckpoints('r1');
    expect(detail.checkpoints.map((c) => c.step_id)).toEqual(['a', 'b', 'c']);
    expect(detail.attempts).toEqual([
      { attempt: 1, worker_id: 'w1', first_ms: 10, last_ms: 20 },
      { attempt: 2, worker_id: 'w2', first_ms: 30, last_ms: 30 },
    ]);

    const all = h.audit({ source: 'all', limit: 10 });
    expect(all.entries.map((e) => [e.source, e.entry.ts_ms])).toEqual([
      ['operator', 9],
      ['lifecycle', 7],
      ['operator', 5],
    ]);
    const found = h.audit({ source: 'operator', text: 'STALE since', limit: 10 });
    expect(found.entries).toHaveLength(1);
    expect(found.entries[0]).toMatchObject({
      source: 'operator',
      entry: { operator: 'ana@box', reason: 'stale since noon' },
    });
    expect(h.audit({ source: 'lifecycle', limit: 10 }).entries[0]?.cursor).toBe(
      fs.readFileSync(lifecycle, 'utf8').indexOf('\n') + 1,
    );
  });

  it('removes the rows of a vanished file and ignores files outside the layout', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(file, envelope('m1'));
    const h = f.open({ worker });
    await h.syncFile(file);
    fs.rmSync(file);
    expect((await h.syncFile(file)).truncated).toBe(true);
    expect(h.roomStats('task/t1/plan').message_count).toBe(0);
    const stray = path.join(f.dir, 'rooms', 'team', 't1', 'plan.jsonl');
    f.post(stray, envelope('m1'));
    expect(await h.syncFile(stray)).toMatchObject({ kind: 'ignored', new_lines: 0 });
    expect((await h.syncFile(path.join(f.dir, 'agents', 'a.json'))).kind).toBe('ignored');
  });

  it('reports a room file replaced by a symbolic link to nowhere, after removing its rows', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(file, envelope('m1'));
    const h = f.open({ worker });
    await h.syncFile(file);
    fs.rmSync(file);
    fs.symlinkSync(path.join(f.dir, 'moved.jsonl'), file);
    const result = await h.syncFile(file);
    expect(result.truncated).toBe(true);
    expect(result.diagnostics.map((d) => [d.reason, d.message])).toEqual([
      [
        'unreadable',
        `${file}: a symbolic link to ${path.join(f.dir, 'moved.jsonl')}, which does not exist`,
      ],
    ]);
    expect(h.roomStats('task/t1/plan').message_count).toBe(0);
  });
});

describe('syncFile', () => {
  it('accepts paths relative to the directory and spelled through a symlink', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(file, envelope('m1'));
    const link = path.join(temp(), 'coord-link');
    fs.symlinkSync(f.dir, link);
    const h = f.open();
    expect((await h.syncFile('rooms/task/t1/plan.jsonl')).new_lines).toBe(1);
    f.post(file, envelope('m2'));
    expect((await h.syncFile(path.join(link, 'rooms/task/t1/plan.jsonl'))).new_lines).toBe(1);
  });

  it('commits batch by batch: a reader sees rows before the sync ends', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(file, ...Array.from({ length: 50 }, (_, i) => envelope(`m${i}`)));
    const h = f.open({ batchLines: 10 });
    const seen: number[] = [];
    let done = false;
    const sync = h.syncFile(file).finally(() => (done = true));
    // Sample on every event-loop turn: each batch yields one, so partial counts must show.
    while (!done) {
      seen.push(h.roomStats('task/t1/plan').message_count);
      await new Promise((r) => setImmediate(r));
    }
    await sync;
    expect(seen.some((n) => n > 0 && n < 50)).toBe(true);
    expect(h.roomStats('task/t1/plan').message_count).toBe(50);
  });

  it('serialises concurrent syncs of one file (no line indexed twice)', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(file, ...Array.from({ length: 30 }, (_, i) => envelope(`m${i}`)));
    const h = f.open({ batchLines: 4 });
    const results = await Promise.all([h.syncFile(file), h.syncFile(file), h.syncFile(file)]);
    expect(results.reduce((n, r) => n + r.new_lines, 0)).toBe(30);
    expect(h.roomStats('task/t1/plan').message_count).toBe(30);
  });
});
