/** What kind of thing happened in the demo fleet. */
export type DemoEventKind =
  | 'demo_started'
  | 'demo_stopped'
  | 'agent_started'
  | 'agent_stopped'
  | 'agent_crashed'
  | 'agent_failed'
  | 'agent_restarting'
  | 'lease_acquired'
  | 'lease_conflict'
  | 'lease_taken_over'
  | 'lease_lost'
  | 'message'
  | 'run_started'
  | 'run_resumed'
  | 'run_step'
  | 'run_finished'
  | 'run_abandoned'
  | 'handoff_created'
  | 'handoff_accepted'
  | 'barrier_arrived'
  | 'barrier_complete'
  | 'barrier_timeout'
  | 'unsettled_published'
  | 'partial_handoff'
  | 'partial_acknowledged'
  | 'registry_snapshot'
  | 'legacy_misbehaved'
  | 'error';

/** One notable event: one line of `baton demo`, one JSON line with `--events`. */
export interface DemoEvent {
  /** Milliseconds since the demo started (the supervisor's clock). */
  t_ms: number;
  kind: DemoEventKind;
  /** The agent it concerns (absent for the supervisor's own events). */
  agent?: string;
  /** The agent's process, on agent_started / agent_crashed / agent_stopped. */
  pid?: number;
  /** A short human sentence. */
  text: string;
  /** Machine-readable details (resource, run id, handoff id…). */
  data?: Record<string, unknown>;
}

/** Agent -> supervisor, over the IPC channel. */
export type AgentToSupervisor =
  | { type: 'event'; kind: DemoEventKind; text: string; data?: Record<string, unknown> }
  | { type: 'ready' };

/** Supervisor -> agent, over the IPC channel. */
export type SupervisorToAgent = { type: 'stop' };

/**
 * `12.3s builder-1      acquired src/api/server.ts` : one line per event for the terminal.
 *
 * @example
 * formatEventLine({ t_ms: 1234, kind: 'message', agent: 'tester-1', text: 'status: e2e green' });
 */
export function formatEventLine(event: DemoEvent): string {
  const at = `${(event.t_ms / 1000).toFixed(1)}s`.padStart(7);
  const who = (event.agent ?? 'demo').padEnd(16);
  return `${at} ${who} ${event.text}`;
}

/**
 * Narrow an unknown IPC payload to an agent message (the channel carries whatever a child sends).
 *
 * @example
 * if (isAgentMessage(raw)) handle(raw);
 */
export function isAgentMessage(value: unknown): value is AgentToSupervisor {
  if (value === null || typeof value !== 'object') return false;
  const type = (value as { type?: unknown }).type;
  if (type === 'ready') return true;
  return (
    type === 'event' &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof (value as { text?: unknown }).text === 'string'
  );
}
