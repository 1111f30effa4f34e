import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FtsWriter,
  openFtsDb,
  packFtsBatch,
  unpackFtsBatch,
  type FtsBatch,
} from '../../../../core/monitor/history/fts-store.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

const temp = useTempDir('fts-store');

const batch: FtsBatch = {
  rowids: [3, 4, 5],
  subjects: ['alpha', 'béta «x»', ''],
  bodies: ['one two', '🙂 emoji body', 'third'],
  froms: ['a', 'b', 'c'],
  kinds: ['status', 'request', 'ack'],
};

describe('FTS batches', () => {
  it('pack and unpack losslessly, whatever the text', () => {
    expect(unpackFtsBatch(packFtsBatch(batch))).toEqual(batch);
  });
});

describe('the FTS file', () => {
  it('adds, finds and removes text by rowid', () => {
    const { db } = openFtsDb(path.join(temp(), 'x.fts.db'), 'id-1');
    const writer = new FtsWriter(db);
    writer.add(batch);
    const find = (q: string) =>
      db
        .prepare<[string], { rowid: number }>(
          'SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? ORDER BY rowid',
        )
        .all(q)
        .map((r) => r.rowid);
    expect(find('"emoji"')).toEqual([4]);
    expect(find('"third"')).toEqual([5]);
    expect(find('"request"')).toEqual([4]);
    writer.remove([4, 5]);
    expect(find('"emoji"')).toEqual([]);
    expect(find('"alpha"')).toEqual([3]);
    writer.close();
  });

  it('does not merge segments in bulk mode, and merges again after it or after a crash in it', () => {
    const file = path.join(temp(), 'bulk.fts.db');
    const automerge = (db: ReturnType<typeof openFtsDb>['db']) =>
      db.prepare<[], { v: number }>("SELECT v FROM docs_fts_config WHERE k = 'automerge'").get()?.v;
    const first = openFtsDb(file, 'id-1').db;
    const writer = new FtsWriter(first);
    writer.bulk(true);
    expect(automerge(first)).toBe(0);
    writer.bulk(false);
    expect(automerge(first)).toBe(4);
    writer.bulk(true);
    writer.close(); // as if the process died in bulk mode
    const reopened = openFtsDb(file, 'id-1').db;
    new FtsWriter(reopened);
    expect(automerge(reopened)).toBe(4);
    reopened.close();
  });

  it('is replaced when it belongs to another index or is not a database', () => {
    const file = path.join(temp(), 'y.fts.db');
    const first = openFtsDb(file, 'id-1');
    expect(first.reset).toBe(true); // new
    new FtsWriter(first.db).add(batch);
    first.db.close();
    const same = openFtsDb(file, 'id-1');
    expect(same.reset).toBe(false);
    same.db.close();
    const other = openFtsDb(file, 'id-2');
    expect(other.reset).toBe(true);
    expect(
      other.db.prepare('SELECT count(*) AS n FROM docs_fts WHERE docs_fts MATCH \'"alpha"\'').get(),
    ).toEqual({ n: 0 });
    other.db.close();
    fs.writeFileSync(file, 'garbage '.repeat(1000));
    for (const s of ['-wal', '-shm']) fs.rmSync(file + s, { force: true });
    const rebuilt = openFtsDb(file, 'id-2');
    expect(rebuilt.reset).toBe(true);
    rebuilt.db.close();
  });
});
