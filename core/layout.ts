import path from 'node:path';

/**
 * Where every record family lives inside a coordination directory (docs/format.md "Layout").
 * Pure path arithmetic: callers validate names first (files/names.ts).
 *
 * @example
 * const at = layout('/srv/coord');
 * at.agentFile('builder-1'); // '/srv/coord/agents/builder-1.json'
 */
export function layout(root: string) {
  const r = path.resolve(root);
  return {
    root: r,
    rootFile: path.join(r, 'baton.json'),
    locksDir: path.join(r, 'locks'),
    lockDir: (resource: string) => path.join(r, 'locks', `${resource}.lock.d`),
    roomsDir: path.join(r, 'rooms'),
    roomFile: (scope: string, scopeId: string, room: string) =>
      path.join(r, 'rooms', scope, scopeId, `${room}.jsonl`),
    consumersDir: (scope: string, scopeId: string, room: string) =>
      path.join(r, 'rooms', scope, scopeId, `${room}.consumers`),
    consumerFile: (scope: string, scopeId: string, room: string, consumer: string) =>
      path.join(r, 'rooms', scope, scopeId, `${room}.consumers`, `${consumer}.json`),
    agentsDir: path.join(r, 'agents'),
    agentFile: (id: string) => path.join(r, 'agents', `${id}.json`),
    registryDir: path.join(r, 'registry'),
    registryFile: (name: string) => path.join(r, 'registry', `${name}.json`),
    runsDir: path.join(r, 'runs'),
    runDir: (runId: string) => path.join(r, 'runs', runId),
    runFile: (runId: string) => path.join(r, 'runs', runId, 'run.json'),
    runLeaseDir: (runId: string) => path.join(r, 'runs', runId, 'lease.lock.d'),
    runCheckpointsFile: (runId: string) => path.join(r, 'runs', runId, 'checkpoints.jsonl'),
    handoffsDir: path.join(r, 'handoffs'),
    handoffFile: (state: 'pending' | 'accepted' | 'declined', id: string) =>
      path.join(r, 'handoffs', state, `${id}.json`),
    barriersDir: path.join(r, 'barriers'),
    barrierDir: (name: string) => path.join(r, 'barriers', name),
    barrierFile: (name: string, agent: string) => path.join(r, 'barriers', name, `${agent}.json`),
    barrierExpectedDir: (name: string) => path.join(r, 'barriers', name, 'expected'),
    barrierExpectationFile: (name: string, by: string) =>
      path.join(r, 'barriers', name, 'expected', `${by}.json`),
    unsettledDir: path.join(r, 'unsettled'),
    unsettledFile: (pipelineId: string) => path.join(r, 'unsettled', `${pipelineId}.json`),
    auditDir: path.join(r, 'audit'),
    lifecycleAuditFile: path.join(r, 'audit', 'lifecycle.jsonl'),
    operatorAuditFile: path.join(r, 'audit', 'operator.jsonl'),
  };
}

export type Layout = ReturnType<typeof layout>;
