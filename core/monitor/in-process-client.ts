import type { z } from 'zod';
import {
  contract,
  ContractError,
  parseRequestInput,
  REQUEST_NAMES,
  type EventName,
  type EventPayload,
  type MonitorClient,
  type MonitorService,
  type RequestInput,
  type RequestName,
  type RequestOutput,
} from '../api/contract.ts';

export interface InProcessClientOptions {
  /** Parse every result and pushed event with the contract's schemas (default true): what a
   *  remote client does on receipt, so in-process tests catch a shape that would fail there. */
  validate?: boolean;
}

/**
 * A MonitorClient that calls a monitor in the same process: inputs are parsed with the
 * contract (defaults filled, bad input refused with a `bad_request` ContractError, exactly as a
 * transport does), outputs and events are validated against the contract's schemas.
 *
 * @example
 * const client = createInProcessClient(await createMonitor({ dir, dataDir }));
 * const snap = await client.snapshot({});
 * await client.releaseLease({ resource_path: 'src/a.ts', expected_token: snap.leases[0].record.token });
 */
export function createInProcessClient(
  monitor: MonitorService,
  options: InProcessClientOptions = {},
): MonitorClient {
  const validate = options.validate ?? true;

  async function request<K extends RequestName>(
    name: K,
    input: RequestInput<K>,
  ): Promise<RequestOutput<K>> {
    const parsed = parseRequestInput(name, input);
    const handler = monitor.handlers[name] as (input: unknown) => unknown;
    let result: unknown;
    try {
      result = await handler(parsed);
    } catch (error) {
      if (error instanceof ContractError) throw error;
      throw new ContractError(
        'internal',
        `${name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!validate) return result as RequestOutput<K>;
    const checked = (contract.requests[name].output as z.ZodType).safeParse(result);
    if (!checked.success) {
      throw new ContractError(
        'internal',
        `${name}: output does not fit the contract (${describe(checked.error)})`,
      );
    }
    return checked.data as RequestOutput<K>;
  }

  const client = Object.fromEntries(
    REQUEST_NAMES.map((name) => [
      name,
      (input: unknown) => request(name, input as RequestInput<typeof name>),
    ]),
  ) as { [K in RequestName]: (input: RequestInput<K>) => Promise<RequestOutput<K>> };

  return {
    ...client,
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return monitor.on(event, (payload) => {
        if (validate) {
          const checked = (contract.events[event] as z.ZodType).safeParse(payload);
          if (!checked.success) {
            throw new ContractError(
              'internal',
              `event ${event} does not fit the contract (${describe(checked.error)})`,
            );
          }
        }
        listener(payload);
      });
    },
  };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length > 0 ? issue.path.join('.') : 'value'}: ${issue.message}`;
}
