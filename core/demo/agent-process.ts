// One agent of the demo fleet, as its own OS process (started by start-demo.ts with the agent's
// config as one JSON argument). It uses only core's public API, like any agent built on Baton.
//
// Its clean-stop handlers are installed only once core is loaded, which takes a while on a busy
// machine. Until then SIGTERM and SIGINT keep their default action, and a supervisor that dies
// (its IPC channel closes) ends this process at once: it has written nothing yet, so there is
// nothing to clean up. A supervisor that died before even this line is noticed by watchSupervisor.
import type { AgentConfig } from './fleet-plan.ts';

const exitWhileLoading = (): never => process.exit(0);
process.once('disconnect', exitWhileLoading);
const { runAgent } = await import('./agent-main.ts');
const { watchSupervisor } = await import('./child-link.ts');
process.off('disconnect', exitWhileLoading);

const config = JSON.parse(process.argv[2] ?? '{}') as AgentConfig;
if (typeof config.dir !== 'string' || typeof config.id !== 'string') {
  process.stderr.write('agent-process: expected the agent config as one JSON argument\n');
  process.exit(2);
}

await runAgent(config, (shutdown) => watchSupervisor(config.supervisor_pid, shutdown));
