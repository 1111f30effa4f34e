import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir.ts';
import { batonJson } from '../support/baton-json.ts';

// The `baton run` commands through the real binary, as a shell script would drive them.
const dir = useTempDir('runs-cli');
const baton = (...args: string[]) => batonJson(dir(), ...args);
// Each `baton` spawn loads the whole CLI (~0.4 s idle, several seconds on a contended machine).
const CLI_TIMEOUT_MS = 120_000;

describe('baton run', () => {
  it(
    'start -> checkpoint -> finish -> show/list, with exit codes for refusals',
    async () => {
      const start = await baton(
        'run',
        'start',
        'r1',
        '--worker',
        'w1',
        '--lease-ttl',
        '60000',
        '--input',
        '{"n":1}',
        '--json',
      );
      expect(start.code).toBe(0);
      expect(start.json).toMatchObject({
        run_id: 'r1',
        attempt: 1,
        resumed: false,
        worker_id: 'w1',
        status: 'running',
        checkpoints: [],
      });
      const lease = start.json.lease_id as string;
      expect(lease).toEqual(expect.any(String));

      // Held by w1: another worker exits 75 with a JSON error naming the holder.
      const held = await baton('run', 'start', 'r1', '--worker', 'w2', '--json');
      expect(held.code).toBe(75);
      expect(held.json).toMatchObject({ error: { code: 'conflict' } });
      expect((held.json.error as { message: string }).message).toContain('w1');

      const fence = ['--worker', 'w1', '--lease', lease];
      // The same step twice: the second output differs, so it must be refused.
      const checkpointFetch = (output: string) =>
        baton('run', 'checkpoint', 'r1', 'fetch', ...fence, '--output', output, '--json');
      const cp = await checkpointFetch('{"files":3}');
      expect(cp.code).toBe(0);
      expect(cp.json).toMatchObject({
        run_id: 'r1',
        step_id: 'fetch',
        sequence: 0,
        attempt: 1,
        output: { files: 3 },
        created: true,
      });
      const conflict = await checkpointFetch('{"files":4}');
      expect(conflict.code).toBe(1);
      expect(conflict.json).toMatchObject({ error: { code: 'checkpoint_conflict' } });

      const finish = await baton(
        'run',
        'finish',
        'r1',
        ...fence,
        '--status',
        'succeeded',
        '--output',
        '"done"',
        '--json',
      );
      expect(finish.code).toBe(0);
      expect(finish.json).toMatchObject({
        run_id: 'r1',
        status: 'succeeded',
        output: 'done',
        attempt: 1,
      });

      const human = await baton('run', 'show', 'r1');
      expect(human.stdout).toContain('succeeded');
      expect(human.stdout).toContain('fetch');

      // list --json gives each run in the same shape as show --json.
      const list = await baton('run', 'list', '--json');
      expect(list.json.runs).toEqual([
        expect.objectContaining({
          run_id: 'r1',
          status: 'succeeded',
          input: { n: 1 },
          orphaned: false,
          lease: expect.objectContaining({ state: 'absent' }),
          checkpoints: [expect.objectContaining({ step_id: 'fetch', sequence: 0 })],
        }),
      ]);

      const restart = await baton('run', 'start', 'r1', '--worker', 'w2', '--json');
      expect(restart.code).toBe(1);
      expect(restart.json).toMatchObject({ error: { code: 'terminal_run' } });
    },
    CLI_TIMEOUT_MS,
  );
});
