import { describe, expect, it } from 'vitest';
import { backoffDelay, checkSequence, createClient } from '../../core/api/client.ts';
import { ContractError } from '../../core/api/contract.ts';
import { fakeCarrier } from './support/fake-carrier.ts';
import { delta, snapshot } from './support/fixtures.ts';

describe('client', () => {
  it('parses inputs (filling defaults) before sending, and results on receipt', async () => {
    const carrier = fakeCarrier();
    carrier.handlers['audit'] = () => ({ entries: [] });
    const client = createClient(carrier);
    await expect(client.audit({})).resolves.toEqual({ entries: [] });
    expect(carrier.calls[0]).toEqual({ method: 'audit', input: { source: 'all', limit: 500 } });
  });

  it('refuses a bad input without sending it', async () => {
    const carrier = fakeCarrier();
    const client = createClient(carrier);
    await expect(client.declineHandoff({ id: 'h1', reason: '' })).rejects.toMatchObject({
      code: 'bad_request',
    });
    expect(carrier.calls).toHaveLength(0);
  });

  it('rejects a result that does not fit the contract, and reports it', async () => {
    const carrier = fakeCarrier();
    carrier.handlers['snapshot'] = () => ({ seq: 'nope' });
    const client = createClient(carrier);
    const problems: string[] = [];
    client.onProtocolProblem((p) => problems.push(p.where));
    const error = await client.snapshot({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).code).toBe('internal');
    expect(problems).toEqual(['snapshot']);
  });

  it('turns remote errors into ContractErrors with their code', async () => {
    const carrier = fakeCarrier();
    const client = createClient(carrier);
    await expect(client.info({})).rejects.toMatchObject({ code: 'unknown_request' });
  });

  it('delivers valid events, drops invalid ones', () => {
    const carrier = fakeCarrier();
    const client = createClient(carrier);
    const seen: number[] = [];
    const problems: string[] = [];
    client.on('delta', (d) => seen.push(d.seq));
    client.onProtocolProblem((p) => problems.push(p.where));
    carrier.push('delta', delta(1, []));
    carrier.push('delta', { seq: 2 });
    carrier.push('unknown', {});
    expect(seen).toEqual([1]);
    expect(problems).toEqual(['event delta']);
    void snapshot;
  });
});

describe('checkSequence', () => {
  it('says next, old or gap', () => {
    expect(checkSequence(undefined, 1)).toBe('gap');
    expect(checkSequence(4, 5)).toBe('next');
    expect(checkSequence(4, 4)).toBe('old');
    expect(checkSequence(4, 2)).toBe('old');
    expect(checkSequence(4, 6)).toBe('gap');
  });
});

describe('backoffDelay', () => {
  it('grows exponentially with equal jitter, capped', () => {
    const low = { random: () => 0 };
    const high = { random: () => 1 };
    expect(backoffDelay(0, low)).toBe(125);
    expect(backoffDelay(0, high)).toBe(250);
    expect(backoffDelay(3, high)).toBe(2_000);
    expect(backoffDelay(20, high)).toBe(8_000);
    expect(backoffDelay(20, low)).toBe(4_000);
  });
});
