import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localFtsSink, type FtsSink } from '../../../../core/monitor/history/fts-sink.ts';
import { FtsWriter, openFtsDb, type FtsBatch } from '../../../../core/monitor/history/fts-store.ts';
import { Ingestor } from '../../../../core/monitor/history/ingestor.ts';
import { openIndexDb, readMeta, type Db } from '../../../../core/monitor/history/schema.ts';
import { useTempDir } from '../../../support/temp-dir.ts';
import { envelope, fleet } from './history-fixtures.ts';

const temp = useTempDir('history-ingestor');
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

/**
 * An ingestor on a real index and FTS file, whose sink records the batches it is given and can
 * hold back their application (as the FTS worker does while it is busy).
 */
function setup(options: { batchLines?: number; holdBack?: boolean } = {}) {
  const f = fleet(temp());
  const db = openIndexDb(path.join(f.dataDir, 'history.db'), f.dir);
  const { db: ftsDb } = openFtsDb(
    path.join(f.dataDir, 'history.fts.db'),
    readMeta(db, 'index_id') as string,
  );
  open.push(db, ftsDb);
  const local = localFtsSink(new FtsWriter(ftsDb), (m) => {
    throw new Error(m);
  });
  const batches: number[] = [];
  const held: Array<() => void> = [];
  const sink: FtsSink = {
    ...local,
    add(batch: FtsBatch, onApplied?: () => void) {
      batches.push(batch.rowids.length);
      const apply = () => local.add(batch, onApplied);
      if (options.holdBack) held.push(apply);
      else apply();
    },
  };
  const ingestor = new Ingestor({
    db,
    root: f.dir,
    batchLines: options.batchLines ?? 5000,
    fts: sink,
  });
  const matches = (word: string): number =>
    (
      ftsDb.prepare('SELECT count(*) AS n FROM docs_fts WHERE docs_fts MATCH ?').get(word) as {
        n: number;
      }
    ).n;
  return { f, ingestor, batches, held, matches };
}

describe('Ingestor', () => {
  it('sends the text of a cold index of many small rooms to the FTS writer in few large batches', async () => {
    const { f, ingestor, batches, matches } = setup({ batchLines: 50 });
    for (let r = 0; r < 30; r++) {
      f.post(
        f.room(`task/t${r}/plan`),
        ...Array.from({ length: 40 }, (_, i) =>
          envelope(`r${r}m${i}`, { scope_id: `t${r}`, body: `alpha room${r}` }),
        ),
      );
    }
    await ingestor.indexAll(() => undefined);
    // 30 files of one 40-line batch each, gathered into a single FTS transaction.
    expect(batches).toEqual([1200]);
    expect(matches('alpha')).toBe(1200);
    expect(matches('room17')).toBe(40);
    await ingestor.stop();
  });

  it('ends a live sync only once its text is searchable', async () => {
    const { f, ingestor, batches, held, matches } = setup({ holdBack: true });
    f.post(f.room(), envelope('m1', { body: 'needle' }), envelope('m2'));
    let finished = false;
    const sync = ingestor.syncFile(f.room()).then(() => (finished = true));
    while (held.length === 0) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 20));
    expect(finished).toBe(false);
    expect(matches('needle')).toBe(0);
    held.shift()?.();
    await sync;
    expect(batches).toEqual([2]);
    expect(matches('needle')).toBe(1);
    await ingestor.stop();
  });

  it('ends a live sync with searchable: false once the rows are committed, its text on its way', async () => {
    const { f, ingestor, batches, held, matches } = setup({ holdBack: true });
    f.post(f.room(), envelope('m1', { body: 'needle' }));
    const result = await ingestor.syncFile(f.room(), { searchable: false });
    expect(result.new_lines).toBe(1);
    expect(batches).toEqual([1]); // sent at once, not gathered
    expect(matches('needle')).toBe(0);
    held.shift()?.();
    expect(matches('needle')).toBe(1);
    await ingestor.stop();
  });
});
