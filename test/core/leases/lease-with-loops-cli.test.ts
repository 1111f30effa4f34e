import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLease } from '../../../core/leases/index.ts';
import { BATON_BIN } from '../../support/processes.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('leases-with-loops');

/** Each loop runs its critical section this many times (each run starts a real baton). */
const ITERATIONS_PER_LOOP = 3;

const stateOf = (resource: string) => readLease(dir(), resource).state;

describe('baton lease with, from bash', () => {
  it('two bash loops using it on one resource never overlap', async () => {
    const log = path.join(dir(), 'overlap.log');
    const script = path.join(dir(), 'loop.sh');
    fs.writeFileSync(
      script,
      [
        'set -u',
        'done=0',
        `while [ $done -lt ${ITERATIONS_PER_LOOP} ]; do`,
        `  "${process.execPath}" "${BATON_BIN}" --dir "${dir()}" lease with shared --ttl 5000 -- \\`,
        `    sh -c 'echo "enter $1" >> "${log}"; sleep 0.2; echo "exit $1" >> "${log}"' _ "$1"`,
        '  rc=$?',
        '  if [ $rc -eq 0 ]; then done=$((done + 1)); elif [ $rc -eq 75 ]; then sleep 0.05; else exit $rc; fi',
        'done',
      ].join('\n'),
    );
    const loop = (name: string) =>
      new Promise<number | null>((resolve) => {
        const p = spawn('bash', [script, name], { stdio: 'ignore' });
        p.on('exit', (code) => resolve(code));
      });
    expect(await Promise.all([loop('A'), loop('B')])).toEqual([0, 0]);
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4 * ITERATIONS_PER_LOOP);
    for (let i = 0; i < lines.length; i += 2) {
      const who = lines[i]!.split(' ')[1];
      expect([lines[i], lines[i + 1]]).toEqual([`enter ${who}`, `exit ${who}`]);
    }
    expect(stateOf('shared')).toBe('absent');
  });

  it('hands CMD’s exit status to the calling bash script', async () => {
    const script = [
      `"${process.execPath}" "${BATON_BIN}" --dir "${dir()}" lease with r -- sh -c 'exit 7'`,
      'echo "rc=$?"',
    ].join('\n');
    const out = await new Promise<string>((resolve) => {
      let text = '';
      const p = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
      p.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
      p.on('close', () => resolve(text));
    });
    expect(out.trim()).toBe('rc=7');
    expect(stateOf('r')).toBe('absent');
  });
});
