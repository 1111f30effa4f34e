import type { AgentView } from '../../../core/api/views.ts';
import { agentFile, agentRecordUnreadable } from '../state/display-state.ts';

/**
 * What the operator can do about an agent, in its detail header. An agent whose file cannot be
 * read gets no "Mark gone…": the engine refuses it every time (there is no record to mark), and
 * its dialog would describe the file's state as a crash. It says what does help instead, in the
 * engine's words.
 */
export function AgentActions({ agent, onMarkGone }: { agent: AgentView; onMarkGone(): void }) {
  if (agent.liveness === 'gone') return null;
  if (agentRecordUnreadable(agent)) {
    return (
      <span className="dim small" title={agent.problem}>
        fix or remove <span className="mono">{agentFile(agent)}</span>
      </span>
    );
  }
  return (
    <button type="button" onClick={onMarkGone} title="Record that this agent is gone">
      Mark gone…
    </button>
  );
}
