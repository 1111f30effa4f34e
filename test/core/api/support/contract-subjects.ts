import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type CarrierReply } from '../../../../core/api/client.ts';
import type { MonitorClient } from '../../../../core/api/contract.ts';
import { dispatch, remoteError } from '../../../../core/api/dispatch.ts';
import { createWebSocketCarrier } from '../../../../core/api/ws-carrier.ts';
import { heartbeat } from '../../../../core/agents/index.ts';
import { createHandoff } from '../../../../core/handoffs/index.ts';
import { acquireLease } from '../../../../core/leases/index.ts';
import { createMonitor, type Monitor } from '../../../../core/monitor/create-monitor.ts';
import { createInProcessClient } from '../../../../core/monitor/in-process-client.ts';
import { post } from '../../../../core/rooms/index.ts';
import { parseRoomRef } from '../../../../core/rooms/room-ref.ts';
import { initDirectory } from '../../../../core/root.ts';
import { startRun } from '../../../../core/runs/index.ts';
import { startMonitorServer } from '../../../../core/server/monitor-server.ts';
import { publishUnsettled } from '../../../../core/unsettled/index.ts';
import { spyService } from '../../../electron/support/spy-service.ts';

/** What the seeded directory holds, for the cases to act on. */
export interface Seed {
  activeToken: string;
  staleToken: string;
  acceptId: string;
  declineId: string;
  room: string;
}

/**
 * One way of reaching the monitor: the SAME contract cases run against each.
 * `raw` sends a call without the client's own input parsing, so a case can prove the SERVER
 * side refuses bad input before any handler runs (`handlerCalls` counts handler invocations).
 */
export interface ContractSubject {
  kind: 'in-process' | 'websocket';
  dir: string;
  seed: Seed;
  client: MonitorClient;
  raw(method: unknown, input: unknown): Promise<CarrierReply>;
  handlerCalls(): number;
  monitor: Monitor;
  close(): Promise<void>;
}

/**
 * A real coordination directory written through the core library, as agents would: two agents,
 * an active and a stale lease, a room with messages, two pending handoffs, a pipeline with a
 * partial handoff, a run with checkpoints.
 */
export function seedDirectory(dir: string): Seed {
  initDirectory(dir, 'contract');
  const now = Date.now();
  heartbeat(dir, 'agent-1', { name: 'Builder', current: { task: 'parser' }, now });
  heartbeat(dir, 'agent-2', { name: 'Tester', now });
  const active = acquireLease(dir, 'src/active.ts', {
    ttl_ms: 600_000,
    owner: { id: 'agent-1', agent: 'agent-1' },
  });
  const stale = acquireLease(dir, 'src/stale.ts', {
    ttl_ms: 0,
    owner: { id: 'agent-2', agent: 'agent-2' },
  });
  if (!active.acquired || !stale.acquired) throw new Error('seed: leases not acquired');
  const room = 'workspace/w1/plan';
  const ref = parseRoomRef(room);
  post(dir, ref, { kind: 'status', from: 'agent-1', body: 'hello from the tokenizer' });
  post(dir, ref, { kind: 'claim', from: 'agent-1', body: 'claiming src/active.ts' });
  const accept = createHandoff(dir, { from: 'agent-1', to: 'agent-2', message: 'parser ready' });
  const decline = createHandoff(dir, { from: 'agent-2', to: 'agent-1', message: 'tests failing' });
  publishUnsettled(dir, 'pipe-1', {
    partial_handoffs: [
      { envelope_id: 'env-1', from: 'planner', to: 'agent-1', queued_at_ms: now - 60_000 },
    ],
  });
  const run = startRun(dir, 'run-1', { worker_id: 'agent-1', lease_ttl_ms: 600_000 });
  run.commitCheckpoint('fetch', { files: 3 });
  run.commitCheckpoint('parse', { ok: true });
  return {
    activeToken: active.token,
    staleToken: stale.token,
    acceptId: accept.id,
    declineId: decline.id,
    room,
  };
}

async function engine(): Promise<{ dir: string; dataDir: string; seed: Seed; monitor: Monitor }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-contract-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-contract-data-'));
  const seed = seedDirectory(dir);
  const monitor = await createMonitor({
    dir,
    dataDir,
    pollIntervalMs: 200,
    operator: 'op@contract',
  });
  await monitor.idle();
  return { dir, dataDir, seed, monitor };
}

function cleanup(...dirs: string[]): void {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
}

/** The monitor called in the same process (core/monitor's in-process client). */
export async function inProcessSubject(): Promise<ContractSubject> {
  const { dir, dataDir, seed, monitor } = await engine();
  const spy = spyService(monitor);
  return {
    kind: 'in-process',
    dir,
    seed,
    monitor,
    client: createInProcessClient(spy),
    async raw(method, input) {
      try {
        return { type: 'result', result: await dispatch(spy, method, input, 'in-process') };
      } catch (error) {
        return { type: 'error', error: remoteError(error) };
      }
    },
    handlerCalls: () => spy.total(),
    async close() {
      await monitor.close();
      cleanup(dir, dataDir);
    },
  };
}

/** The monitor over loopback WebSocket: startMonitorServer + the UI's client and carrier. */
export async function webSocketSubject(): Promise<ContractSubject> {
  const { dir, dataDir, seed, monitor } = await engine();
  const spy = spyService(monitor);
  const server = await startMonitorServer({ service: spy });
  const carrier = createWebSocketCarrier({
    url: `ws://127.0.0.1:${server.port}/api/ws?token=${encodeURIComponent(server.token)}`,
    callTimeoutMs: 20_000,
  });
  const client = createClient(carrier);
  return {
    kind: 'websocket',
    dir,
    seed,
    monitor,
    client,
    raw: (method, input) => carrier.call(String(method), input),
    handlerCalls: () => spy.total(),
    async close() {
      client.close();
      await server.close();
      await monitor.close();
      cleanup(dir, dataDir);
    },
  };
}
