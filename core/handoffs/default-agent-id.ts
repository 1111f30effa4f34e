import os from 'node:os';

/**
 * Who "I" am when a command names nobody, as CogOS' AgentID decides it: $BATON_AGENT_ID, then
 * $COG_AGENT_ID, then the user name, then "root".
 *
 * @example
 * process.env.BATON_AGENT_ID = 'builder-1';
 * defaultAgentId(); // 'builder-1'
 */
export function defaultAgentId(env: NodeJS.ProcessEnv = process.env): string {
  for (const value of [env.BATON_AGENT_ID, env.COG_AGENT_ID]) {
    if (value && value.trim() !== '') return value.trim();
  }
  try {
    const user = os.userInfo().username;
    if (user) return user;
  } catch {
    // no passwd entry for this uid (containers): fall back to the environment
  }
  return env.USER && env.USER.trim() !== '' ? env.USER.trim() : 'root';
}
