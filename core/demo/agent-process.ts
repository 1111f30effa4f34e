// One agent of the demo fleet, as its own OS process (started by start-demo.ts with the agent's
// config as one JSON argument). It uses only core's public API, like any agent built on Baton.
//
// Its stop and signal handlers are installed only once core is loaded (the imports below take a
// while on a busy machine, and no event is handled meanwhile): until then SIGTERM and SIGINT
// keep their default action and end it at once, which is right since it has written nothing.
// A supervisor that died during loading is noticed right after (see watchSupervisor).
import { runAgent } from './agent-main.ts';
import { watchSupervisor } from './child-link.ts';
import type { AgentConfig } from './fleet-plan.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as AgentConfig;
if (typeof config.dir !== 'string' || typeof config.id !== 'string') {
  process.stderr.write('agent-process: expected the agent config as one JSON argument\n');
  process.exit(2);
}

await runAgent(config, (shutdown) => watchSupervisor(config.supervisor_pid, shutdown));
