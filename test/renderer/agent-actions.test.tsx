import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { agentDisplay, agentRecordUnreadable } from '../../renderer/src/state/display-state.ts';
import { AgentActions } from '../../renderer/src/views/agent-actions.tsx';
import { agent, T0 } from './support/fixtures.ts';

const noop = () => {};

/** An agent file the engine could not read, as the engine's view shows it (no record times). */
function unreadable(id: string, problem: string) {
  return agent(id, {
    liveness: 'crashed',
    last_seen_ms: undefined,
    timeout_ms: undefined,
    problem,
  });
}

describe('agent detail actions', () => {
  it('offers "Mark gone…" for a crashed agent with a record', () => {
    const html = renderToStaticMarkup(
      <AgentActions agent={agent('b1', { liveness: 'crashed' })} onMarkGone={noop} />,
    );
    expect(html).toContain('Mark gone…');
  });

  it('says to fix or remove the file, not "Mark gone…", when the record cannot be read', () => {
    const truncated = unreadable('x', 'agents/x.json: not valid JSON (Unexpected end of input)');
    expect(agentRecordUnreadable(truncated)).toBe(true);
    const html = renderToStaticMarkup(<AgentActions agent={truncated} onMarkGone={noop} />);
    expect(html).not.toContain('Mark gone');
    expect(html).toContain('fix or remove <span class="mono">agents/x.json</span>');
    expect(html).toContain('title="agents/x.json: not valid JSON (Unexpected end of input)"');
  });

  it('offers nothing for a departed agent', () => {
    expect(
      renderToStaticMarkup(
        <AgentActions agent={agent('g', { liveness: 'gone' })} onMarkGone={noop} />,
      ),
    ).toBe('');
  });

  it('calls an unreadable record a diagnostic, whatever its liveness says', () => {
    // AgentView carries the diagnostic's message but not its reason (unreadable / malformed /
    // unsupported), so the list cannot tell a dangling symlink from truncated JSON: one word.
    const ghost = unreadable('ghost', 'agents/ghost.json: ENOENT: no such file or directory');
    expect(agentDisplay(ghost, T0)).toEqual({ tone: 'diag', word: 'malformed' });
  });
});
