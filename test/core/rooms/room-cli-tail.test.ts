// `baton room tail` through the real binary: following a room other processes post to.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseRoomRef, post, read } from '../../../core/rooms/index.ts';
import { BATON_BIN, REPO_ROOT, runBaton } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('rooms-cli-tail');
const ROOM = 'workspace/repo-a/planning';
const ref = parseRoomRef(ROOM);

describe('baton room tail (real CLI)', () => {
  it('tail follows a room while another process posts, one JSON line per message, until interrupted', async () => {
    post(dir(), ref, { body: 'existing' });
    const tail = spawn(
      process.execPath,
      [BATON_BIN, '--dir', dir(), 'room', 'tail', ROOM, '--json', '--kind', 'status'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    tail.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    tail.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<number | null>((resolve) =>
      tail.on('close', (code) => resolve(code)),
    );
    const lines = () =>
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { cursor: number; message: { body: string } });
    const waitFor = async (n: number) => {
      const deadline = Date.now() + 20_000;
      while (lines().length < n && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
    };
    try {
      // Another process posts while the tail starts; then more posts once it is following.
      const posted = await runBaton(['--dir', dir(), 'room', 'post', ROOM, '--body', 'via cli']);
      expect(posted.code).toBe(0);
      await waitFor(2);
      post(dir(), ref, { body: 'filtered out', kind: 'fact' });
      post(dir(), ref, { body: 'newer' });
      await waitFor(3);
      expect(lines().map((l) => l.message.body)).toEqual(['existing', 'via cli', 'newer']);
      expect(lines()[2]!.cursor).toBe(read(dir(), ref).next_cursor);
    } finally {
      tail.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(err).toBe('');
  });

  it('tail --count exits by itself; --help lists every room command', async () => {
    post(dir(), ref, { body: 'one' });
    post(dir(), ref, { body: 'two' });
    const [r, help] = await Promise.all([
      runBaton(['--dir', dir(), 'room', 'tail', ROOM, '--count', '2']),
      runBaton(['room', '--help']),
    ]);
    expect(r.code).toBe(0);
    const printed = r.stdout.trim().split('\n');
    expect(printed).toHaveLength(2);
    expect(printed[1]).toMatch(/status anonymous: two/);
    for (const cmd of [
      'post',
      'send',
      'request',
      'reply',
      'wait-reply',
      'read',
      'inbox',
      'ack',
      'cursor',
      'tail',
      'list',
    ]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
    }
  });
});
