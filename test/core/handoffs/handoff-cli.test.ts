import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../core/cli/exit-codes.ts';
import { createHandoff } from '../../../core/handoffs/create-handoff.ts';
import { parseRoomRef, read } from '../../../core/rooms/index.ts';
import { runBaton } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('handoff-cli');

async function baton(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = await runBaton(['--dir', dir(), ...args], { env, timeoutMs: 30_000 });
  const json = args.includes('--json') ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
  return { ...r, json };
}

describe('baton handoff', () => {
  it('creates a handoff, accepts it once, and exits 75 naming the winner the second time', async () => {
    const created = await baton(
      [
        'handoff',
        'create',
        '--to',
        'rev',
        '--message',
        'review src/a.ts',
        '--artifact',
        'src/a.ts',
        '--room',
        'task/t1/handoffs',
        '--run',
        'run-1',
        '--deadline-ms',
        '60000',
        '--json',
      ],
      { BATON_AGENT_ID: 'builder' },
    );
    expect(created.code).toBe(EXIT.ok);
    const id = created.json.id as string;
    expect(created.json).toMatchObject({
      state: 'pending',
      room: 'task/t1/handoffs',
      message_id: `${id}.created`,
      handoff: { from: 'builder', to: 'rev', artifact: 'src/a.ts', run_id: 'run-1' },
    });
    const record = created.json.handoff as { deadline_ms: number; created_at_ms: number };
    expect(record.deadline_ms - record.created_at_ms).toBe(60_000);

    const accepted = await baton(['handoff', 'accept', id, '--note', 'on it', '--json'], {
      BATON_AGENT_ID: 'rev',
    });
    expect(accepted.code).toBe(EXIT.ok);
    expect(accepted.json).toMatchObject({
      state: 'accepted',
      decision: { by: 'rev', note: 'on it' },
    });
    const second = await baton(['handoff', 'accept', id, '--by', 'other', '--json']);
    expect(second.code).toBe(EXIT.contended);
    expect(second.stderr).toContain(`handoff ${id} already accepted by rev`);
    expect(second.json).toMatchObject({
      error: { code: 'conflict', detail: { decision: { by: 'rev' } } },
    });
    const kinds = read(dir(), parseRoomRef('task/t1/handoffs')).messages.map((m) => m.message.kind);
    expect(kinds).toEqual(['handoff', 'ack']);
  });

  it('lists pending handoffs, declines with a reason, and shows the decision', async () => {
    const { id } = createHandoff(dir(), { from: 'a', to: 'b', message: 'please take this' });
    const listed = await baton(['handoff', 'list', '--to', 'b', '--json']);
    expect((listed.json.handoffs as Array<{ id: string }>).map((h) => h.id)).toEqual([id]);
    const declined = await baton(['handoff', 'decline', id, '--by', 'b', '--reason', 'busy']);
    expect(declined.code).toBe(EXIT.ok);
    const shown = await baton(['handoff', 'show', id, '--json']);
    expect(shown.json).toMatchObject({ state: 'declined', decision: { by: 'b', reason: 'busy' } });
  });
});
