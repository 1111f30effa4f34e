import { createAgentRuntime, describe } from './agent-runtime.ts';
import { report, reportReady } from './child-link.ts';
import type { AgentConfig } from './fleet-plan.ts';
import { LEGACY_CLOCK_AHEAD_MS, LEGACY_HOST, runLegacyBot } from './roles/legacy-agent.ts';
import { runPipelineRunner } from './roles/pipeline-agent.ts';
import { runWorker } from './roles/worker-agent.ts';

/**
 * Run one agent of the demo fleet in this process until it is stopped: build its runtime (its
 * heartbeat starts at once), give its clean stop to `onShutdown` (which wires it to the stop
 * message, signals and the supervisor's death), tell the supervisor it is up, and play its role.
 *
 * @example
 * await runAgent(config, (shutdown) => watchSupervisor(config.supervisor_pid, shutdown));
 */
export async function runAgent(
  config: AgentConfig,
  onShutdown: (stop: (why: string) => void) => void,
): Promise<void> {
  const runtime = createAgentRuntime(
    config,
    config.role === 'legacy'
      ? {
          clock_offset_ms: LEGACY_CLOCK_AHEAD_MS,
          host: LEGACY_HOST,
          name: 'legacy nightly bot v0.9',
        }
      : {},
  );
  onShutdown((why) => runtime.shutdown(why));
  // A bug in an agent must not leave its leases behind silently: report it, stop cleanly, and
  // exit non-zero so the supervisor restarts the slot.
  process.on('uncaughtException', (error) => {
    report('error', `uncaught: ${describe(error)}`);
    runtime.shutdown('uncaught exception', 1);
  });
  process.on('unhandledRejection', (error) =>
    report('error', `unhandled rejection: ${describe(error)}`),
  );
  reportReady();
  const main =
    config.role === 'legacy'
      ? runLegacyBot
      : config.role === 'pipeline'
        ? runPipelineRunner
        : runWorker;
  await main(runtime);
}
