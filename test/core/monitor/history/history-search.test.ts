import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ftsQuery, SNIPPET_CLOSE, SNIPPET_OPEN } from '../../../../core/monitor/history/index.ts';
import { useTempDir } from '../../../support/temp-dir.ts';
import { envelope, fleet } from './history-fixtures.ts';

const temp = useTempDir('history-search');
let f: ReturnType<typeof fleet>;
afterEach(async () => {
  await f?.closeAll();
});

async function indexed() {
  f = fleet(temp());
  const plan = f.room('task/t1/plan');
  const ops = f.room('workspace/repo-a/ops');
  f.post(
    plan,
    envelope('p1', {
      subject: 'Lease conflict on src/main.ts',
      body: 'builder-2 holds it since noon',
    }),
    envelope('p2', {
      subject: 'checkpoint written',
      body: 'step compile committed, moving on to lint',
    }),
    envelope('p3', {
      subject: 'question',
      body: 'who owns the deploy pipeline?',
      kind: 'request',
      from: 'reviewer-7',
    }),
  );
  f.post(
    ops,
    envelope('o1', {
      scope: 'workspace',
      scope_id: 'repo-a',
      room: 'ops',
      subject: 'deploy done',
      body: 'Café déployé; all green',
    }),
  );
  const h = f.open();
  await h.syncFile(plan);
  await h.syncFile(ops);
  return h;
}

describe('search', () => {
  it('finds messages by words of subject and body, newest indexed first, with a snippet', async () => {
    const h = await indexed();
    const lease = h.search({ query: 'conflict', limit: 10 });
    expect(lease.hits.map((x) => x.message.id)).toEqual(['p1']);
    expect(lease.hits[0]).toMatchObject({
      room: 'task/t1/plan',
      message: { subject: 'Lease conflict on src/main.ts' },
    });
    expect(lease.hits[0]?.snippet).toContain(`${SNIPPET_OPEN}conflict${SNIPPET_CLOSE}`);
    expect(lease.hits[0]?.cursor).toBe(lease.hits[0]?.message.cursor);
    expect(h.search({ query: 'deploy', limit: 10 }).hits.map((x) => x.message.id)).toEqual([
      'o1',
      'p3',
    ]);
    expect(h.search({ query: 'noon builder', limit: 10 }).hits.map((x) => x.message.id)).toEqual([
      'p1',
    ]);
    expect(h.search({ query: 'noon lint', limit: 10 }).hits).toEqual([]); // all terms must match
  });

  it('matches sender and kind, prefixes, case and diacritics', async () => {
    const h = await indexed();
    expect(h.search({ query: 'reviewer', limit: 10 }).hits.map((x) => x.message.id)).toEqual([
      'p3',
    ]);
    expect(h.search({ query: 'request', limit: 10 }).hits.map((x) => x.message.id)).toEqual(['p3']);
    expect(h.search({ query: 'check*', limit: 10 }).hits.map((x) => x.message.id)).toEqual(['p2']);
    expect(h.search({ query: 'LEASE', limit: 10 }).hits.map((x) => x.message.id)).toEqual(['p1']);
    expect(h.search({ query: 'cafe', limit: 10 }).hits.map((x) => x.message.id)).toEqual(['o1']);
  });

  it('restricts to one room and honours the limit', async () => {
    const h = await indexed();
    expect(
      h.search({ query: 'deploy', room: 'task/t1/plan', limit: 10 }).hits.map((x) => x.message.id),
    ).toEqual(['p3']);
    expect(h.search({ query: 'deploy', limit: 1 }).hits).toHaveLength(1);
  });

  it.each([
    '"',
    '""',
    '*',
    '(',
    ')',
    'AND',
    'lease AND',
    'OR conflict',
    'NOT',
    '"lease',
    'conflict)',
    '(lease OR',
    'subject:lease',
    '^lease',
    'NEAR(lease conflict)',
    'src/main.ts',
    '-',
    '🙂',
    "'; DROP TABLE messages; --",
  ])('never throws on the query %j', async (query) => {
    const h = await indexed();
    const result = h.search({ query, limit: 10 });
    expect(Array.isArray(result.hits)).toBe(true);
    expect(result.indexed_complete).toBe(false);
  });

  it('takes operators and quotes as plain words', async () => {
    const h = await indexed();
    expect(h.search({ query: '"lease', limit: 10 }).hits.map((x) => x.message.id)).toEqual(['p1']);
    expect(h.search({ query: '(conflict)', limit: 10 }).hits.map((x) => x.message.id)).toEqual([
      'p1',
    ]);
    expect(h.search({ query: 'src/main.ts', limit: 10 }).hits.map((x) => x.message.id)).toEqual([
      'p1',
    ]);
    expect(h.search({ query: 'subject:lease', limit: 10 }).hits).toEqual([]); // "subject" is not in p1's text
  });
});

describe('ftsQuery', () => {
  it('quotes every token and keeps a trailing * as a prefix', () => {
    expect(ftsQuery('lease-conflict (src/main.ts')).toBe('"lease" "conflict" "src" "main" "ts"');
    expect(ftsQuery('check*')).toBe('"check"*');
    expect(ftsQuery('a-b*')).toBe('"a" "b"*');
    expect(ftsQuery('AND OR NOT')).toBe('"AND" "OR" "NOT"');
    expect(ftsQuery('déployé 日本')).toBe('"déployé" "日本"');
  });

  it('returns undefined when nothing searchable is left', () => {
    expect(ftsQuery('"(*')).toBeUndefined();
    expect(ftsQuery('   ')).toBeUndefined();
  });

  it('caps the number of terms', () => {
    expect(
      ftsQuery(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '))?.split(' '),
    ).toHaveLength(32);
  });
});

describe('the FTS file lost or stale', () => {
  it('is rebuilt from the room files when it is deleted', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(file, envelope('k1', { body: 'kiwi first' }), envelope('k2', { body: 'kiwi second' }));
    const first = f.open();
    await first.syncFile(file);
    const ftsFile = first.dbPath.replace(/\.db$/, '.fts.db');
    await first.close();
    for (const s of ['', '-wal', '-shm']) fs.rmSync(ftsFile + s, { force: true });
    f.post(file, envelope('k3', { body: 'kiwi third' }));
    const second = f.open();
    await second.syncFile(file);
    // The catch-up runs in the background: wait for it through a cold index pass.
    await second.indexAll();
    const ids = second.search({ query: 'kiwi', limit: 10 }).hits.map((h) => h.message.id);
    expect(ids.sort()).toEqual(['k1', 'k2', 'k3']);
  });

  it('re-sends text committed but not yet searchable when the process stopped', async () => {
    f = fleet(temp());
    const file = f.room();
    f.post(file, envelope('p1', { body: 'papaya' }));
    const first = f.open();
    await first.syncFile(file);
    await first.close();
    // Simulate a stop between the row commit and the FTS write: forget that p1 was applied.
    const db = new Database(first.dbPath);
    db.prepare("UPDATE meta SET value = '0' WHERE key = 'fts_synced'").run();
    db.close();
    const fts = new Database(first.dbPath.replace(/\.db$/, '.fts.db'));
    fts.prepare('DELETE FROM docs_fts').run();
    fts.close();
    const second = f.open();
    await second.indexAll();
    expect(second.search({ query: 'papaya', limit: 10 }).hits.map((h) => h.message.id)).toEqual([
      'p1',
    ]);
  });
});
