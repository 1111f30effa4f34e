import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandoff } from '../../../core/handoffs/create-handoff.ts';
import { handoffPaths } from '../../../core/handoffs/handoff-paths.ts';
import { readHandoff } from '../../../core/handoffs/read-handoffs.ts';
import { parseRoomRef, read } from '../../../core/rooms/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { runSlottedWorkers } from '../support/run-slotted-workers.ts';

const dir = useTempDir('handoff-race');

const WORKERS = 8;
const ROUNDS = 5;
const SPACING_MS = 250;

interface Outcome {
  id: string;
  ok: boolean;
  by?: string;
  code?: string;
  message?: string;
  detail?: { decision?: { by?: string } };
}

describe('concurrent accepts', () => {
  it(`lets exactly one of ${WORKERS} processes accept each handoff, ${ROUNDS} rounds`, async () => {
    const room = 'task/race/handoffs';
    const ids = Array.from(
      { length: ROUNDS },
      (_, round) =>
        createHandoff(dir(), { from: 'creator', to: 'anyone', message: `round ${round}`, room }).id,
    );
    const syncDir = fs.mkdtempSync(path.join(dir(), 'sync-'));
    // Every worker loaded and waiting, then started all at once.
    const results = await runSlottedWorkers(
      syncDir,
      Array.from({ length: WORKERS }, (_, i) => ({
        id: `agent-${i}`,
        script: 'test/core/handoffs/fixtures/accept.ts',
        args: [dir(), ids.join(','), `agent-${i}`, syncDir, String(SPACING_MS)],
      })),
      { lead_ms: 100, timeout_ms: 25_000 },
    );
    for (const r of results) expect(r.stderr).toBe('');
    const outcomes = results.flatMap((r) => JSON.parse(r.stdout) as Outcome[]);
    const messages = read(dir(), parseRoomRef(room)).messages.map((m) => m.message);
    const paths = handoffPaths(dir());
    const pendingLeft = fs.readdirSync(paths.stateDir('pending'));

    for (const id of ids) {
      const mine = outcomes.filter((o) => o.id === id);
      expect(mine).toHaveLength(WORKERS);
      const winners = mine.filter((o) => o.ok);
      expect(winners).toHaveLength(1);
      const winner = winners[0]!.by!;
      for (const loser of mine.filter((o) => !o.ok)) {
        expect(loser.code).toBe('conflict');
        expect(loser.message).toBe(`handoff ${id} already accepted by ${winner}`);
        expect(loser.detail?.decision?.by).toBe(winner);
      }
      // The record is in accepted/ with its decision; nothing of it is left in pending/.
      expect(fs.existsSync(paths.record('accepted', id))).toBe(true);
      expect(pendingLeft.filter((f) => f.startsWith(id))).toEqual([]);
      const view = readHandoff(dir(), id);
      expect(view).toMatchObject({ state: 'accepted', settling: false });
      expect(view.decision).toMatchObject({ decision: 'accepted', by: winner });
      // Exactly one ack for this handoff in the room, from the winner.
      const acks = messages.filter(
        (m) => m.kind === 'ack' && (m.data as { handoff_id?: string }).handoff_id === id,
      );
      expect(acks.map((a) => a.from)).toEqual([winner]);
    }
  });
});
