import type { AgentToSupervisor, DemoEventKind, SupervisorToAgent } from './demo-events.ts';

/** How often an agent checks that its supervisor is still there (besides the IPC channel). */
const PARENT_POLL_MS = 500;

/**
 * Tell the supervisor about an event over the IPC channel; silently nothing when the channel is
 * gone (the agent is shutting down because its supervisor died).
 *
 * @example
 * report('lease_acquired', 'acquired src/api/server.ts', { resource: 'src/api/server.ts' });
 */
export function report(kind: DemoEventKind, text: string, data?: Record<string, unknown>): void {
  const message: AgentToSupervisor = { type: 'event', kind, text, ...(data ? { data } : {}) };
  send(message);
}

/** Tell the supervisor the agent is up (it then counts as started). */
export function reportReady(): void {
  send({ type: 'ready' });
}

function send(message: AgentToSupervisor): void {
  if (!process.connected || !process.send) return;
  try {
    process.send(message);
  } catch {
    // The channel closed between the check and the send: the supervisor is gone.
  }
}

/**
 * Call `onStop` once when the agent must stop: the supervisor asks (`stop` over IPC), a signal
 * arrives (SIGTERM; SIGINT from a Ctrl+C in the terminal reaches the whole process group), or
 * the supervisor disappears. A demo agent must never outlive its demo: the IPC channel closes
 * when the supervisor dies, even by SIGKILL, and as a fallback the parent pid is polled (a
 * reparented process sees its ppid change).
 *
 * @example
 * watchSupervisor(config.supervisor_pid, (why) => runtime.shutdown(why));
 */
export function watchSupervisor(supervisorPid: number, onStop: (why: string) => void): void {
  let stopped = false;
  const stop = (why: string): void => {
    if (stopped) return;
    stopped = true;
    clearInterval(poll);
    onStop(why);
  };
  process.on('message', (raw: unknown) => {
    const message = raw as SupervisorToAgent | undefined;
    if (message && message.type === 'stop') stop('stop requested');
  });
  process.on('disconnect', () => stop('supervisor gone'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  const poll = setInterval(() => {
    if (process.ppid !== supervisorPid || !alive(supervisorPid)) stop('supervisor gone');
  }, PARENT_POLL_MS);
  poll.unref();
  // The supervisor may have died while this agent was still loading (before these listeners
  // existed): the channel is then already closed, or the parent already someone else.
  if (!process.connected || process.ppid !== supervisorPid) stop('supervisor gone');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
