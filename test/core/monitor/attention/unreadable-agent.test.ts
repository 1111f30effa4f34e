import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initDirectory } from '../../../../core/root.ts';
import { actor, openMonitor, type Harness } from '../monitor-harness.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

// A record the engine cannot read is a diagnostic, not a crash: nothing in the transition
// history (Timeline, an agent's recent activity) and no "crashed agent" attention.
const tempDir = useTempDir('monitor-unreadable-agent');
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function transitionKinds(h: Harness, id: string): Promise<string[]> {
  const detail = await h.client.agentDetail({ agent_id: id });
  return detail.transitions.map((t) => t.kind);
}

describe('an agent record that cannot be read', () => {
  it('records no crashed/recovered transition, whether truncated, a dangling symlink, or fixed again', async () => {
    const dir = tempDir();
    initDirectory(dir);
    harness = await openMonitor(dir);
    const h = harness;
    const file = (id: string) => path.join(dir, 'agents', `${id}.json`);
    await actor(dir, [
      { op: 'heartbeat', id: 'a1', pid: process.pid },
      { op: 'acquire', resource: 'src/a.ts', owner: { id: 'a1', agent: 'a1' }, ttl_ms: 60_000 },
    ]);
    await h.until((s) => s.agents.some((a) => a.id === 'a1' && a.liveness === 'active'));
    const good = fs.readFileSync(file('a1'), 'utf8');

    // Truncated mid-write by a foreign tool, then whole again.
    fs.writeFileSync(file('a1'), good.slice(0, 20));
    const truncated = await h.until((s) =>
      s.agents.some((a) => a.id === 'a1' && a.problem !== undefined),
    );
    expect(truncated.agents.find((a) => a.id === 'a1')?.problem_reason).toBe('malformed');
    fs.writeFileSync(file('a1'), good);
    await h.until((s) => s.agents.some((a) => a.id === 'a1' && a.problem === undefined));
    // A dangling symlink where an agent record belongs, from the start.
    fs.symlinkSync(path.join(dir, 'nowhere.json'), file('b1'));
    const s = await h.until(
      (snap) => snap.diagnostics.some((d) => d.path.includes('b1')),
      5000,
      'b1 diagnostic',
    );
    expect(s.attention.some((a) => a.kind === 'crashed_agent_holding')).toBe(false);
    expect(s.agents.find((a) => a.id === 'b1')?.problem_reason).toBe('unreadable');

    const a1 = await transitionKinds(h, 'a1');
    expect(a1).toContain('agent.registered');
    expect(a1).not.toContain('agent.crashed');
    expect(a1).not.toContain('agent.recovered');
    expect(await transitionKinds(h, 'b1')).toEqual([]);
  });
});
