import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathHolder } from '../../../core/agents/path-locks.ts';
import { runBaton, runNode } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

// The guard lease is what makes path locks safe across processes: race real ones.
const dir = useTempDir('agents-locks-race');

describe('path locks across real processes', () => {
  it('grants each path to exactly one of N processes racing for it', async () => {
    const racers = 5;
    const paths = 25;
    // a shared start instant, far enough ahead for every child to have loaded
    const startAt = String(Date.now() + 2_000);
    const runs = await Promise.all(
      Array.from({ length: racers }, (_, i) =>
        runNode('test/core/agents/fixtures/try-lock.ts', [
          dir(),
          `racer-${i}`,
          'src/race',
          String(paths),
          startAt,
        ]),
      ),
    );
    const byPath = new Map<string, { agent: string; granted: boolean; holder?: string }[]>();
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      const { agent, results } = JSON.parse(run.stdout) as {
        agent: string;
        results: { path: string; granted: boolean; holder?: string }[];
      };
      for (const r of results) byPath.set(r.path, [...(byPath.get(r.path) ?? []), { agent, ...r }]);
    }
    expect(byPath.size).toBe(paths);
    for (const [lockPath, outcomes] of byPath) {
      const winners = outcomes.filter((o) => o.granted);
      expect(
        winners.map((w) => w.agent),
        lockPath,
      ).toHaveLength(1);
      for (const loser of outcomes.filter((o) => !o.granted)) {
        expect(loser.holder, lockPath).toBe(winners[0]!.agent);
      }
      expect(pathHolder(dir(), lockPath)).toBe(winners[0]!.agent);
    }
    // no guard lease is left behind
    expect(fs.readdirSync(path.join(dir(), 'locks', '.baton'))).toEqual([]);
  });

  it('grants exactly one of N concurrent `baton agent lock` commands; the rest exit 75', async () => {
    const results = await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        runBaton(['--dir', dir(), '--json', 'agent', 'lock', `cli-${i}`, 'shared/file.ts']),
      ),
    );
    expect(results.map((r) => r.code).sort()).toEqual([0, 75, 75]);
  });
});
