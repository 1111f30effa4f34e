// Agents: heartbeat records, derived liveness, advisory path locks and registry snapshots.
export {
  AGENT_SCHEMA,
  DEFAULT_AGENT_TIMEOUT_MS,
  DEFAULT_PATH_LOCK_TTL_MS,
  AgentRecordSchema,
  AgentLivenessSchema,
  SerializedAgentSchema,
  SerializedRegistrySchema,
  type AgentRecord,
  type AgentLiveness,
  type SerializedAgent,
  type SerializedRegistry,
} from './agent-schema.ts';
export { isPidAliveOnThisHost, type IsPidAlive } from '../host/pid-alive.ts';
export {
  agentLiveness,
  livenessDeadline,
  heldPaths,
  nextLockExpiry,
  type LivenessInput,
} from './agent-liveness.ts';
export type { AgentCurrent } from './agent-options.ts';
export { heartbeat, noteEdit, type HeartbeatOptions } from './heartbeat.ts';
export { unregisterAgent } from './unregister-agent.ts';
export { readAgent, listAgents, type AgentView, type ReadAgentsOptions } from './read-agents.ts';
export { validateLockPath } from './lock-path.ts';
export {
  tryLockPath,
  releasePath,
  pathHolder,
  type TryLockOptions,
  type LockResult,
} from './path-locks.ts';
export { PATH_LOCK_GUARD_RESOURCE } from './path-lock-guard.ts';
export {
  AgentRegistry,
  DEFAULT_REGISTRY_CONFIG,
  type RegistryConfig,
  type RegistryAgent,
  type RegistryAgentState,
} from './registry.ts';
export {
  agentsAsRegistry,
  registryFromAgents,
  writeRegistrySnapshot,
  readRegistrySnapshot,
  type ReadSnapshotOptions,
  type SnapshotRead,
} from './registry-snapshot.ts';
