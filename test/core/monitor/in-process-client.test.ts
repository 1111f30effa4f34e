import { afterEach, describe, expect, it } from 'vitest';
import { ContractError, type MonitorService } from '../../../core/api/contract.ts';
import { createInProcessClient } from '../../../core/monitor/in-process-client.ts';
import { initDirectory } from '../../../core/root.ts';
import { openMonitor, type Harness } from './monitor-harness.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('monitor-client');
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('createInProcessClient', () => {
  it('fills defaults, refuses bad input as bad_request, and answers every query in contract shape', async () => {
    const dir = tempDir();
    initDirectory(dir);
    harness = await openMonitor(dir, { operator: 'ana@box' });
    const info = await harness.client.info({});
    expect(info).toMatchObject({ dir, operator: 'ana@box', transport: 'in-process' });
    await expect(
      harness.client.roomMessages({ room: 'task/t1/plan', limit: 0 }),
    ).rejects.toMatchObject({ code: 'bad_request' });
    await expect(harness.client.declineHandoff({ id: 'h1', reason: '' })).rejects.toBeInstanceOf(
      ContractError,
    );
    // Every read-only request answers (validated against its output schema by the client).
    await harness.client.roomMessages({ room: 'task/t1/plan' });
    await harness.client.search({ query: 'anything' });
    await harness.client.timeline({ from_ms: Date.now() - 60_000, to_ms: Date.now() });
    await harness.client.audit({});
    await harness.client.runDetail({ run_id: 'nope' });
    expect(await harness.client.agentDetail({ agent_id: 'nobody' })).toMatchObject({
      transitions: [],
      messages: [],
    });
  });

  it('rejects an output that does not fit the contract instead of passing it on', async () => {
    const broken: MonitorService = {
      handlers: { info: () => ({ version: 1 }) } as unknown as MonitorService['handlers'],
      on: () => () => {},
    };
    const client = createInProcessClient(broken);
    await expect(client.info({})).rejects.toMatchObject({ code: 'internal' });
  });
});
